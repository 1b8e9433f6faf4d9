import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalidFields, type FieldProblem } from '@tf/platform';

/**
 * Unknown fields are refused (400), values are transformed to the DTO types, and every problem
 * is reported with its field path ("policy.loanPrimeRate", "assets.0.number").
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidFields(flatten(errors)),
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: stripProperty(message, error.property),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator starts messages with the property name; the field is reported beside it. */
function stripProperty(message: string, property: string): string {
  if (message.startsWith('property ') && message.endsWith(' should not exist'))
    return 'is not a known field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
