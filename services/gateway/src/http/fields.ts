import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MONEY_PATTERN, RATE_PATTERN } from '@tf/platform';
import { IsObject, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';

/** A string with something in it: "   " is refused like "", never stored as "". */
export function NotBlank() {
  return ValidateBy({
    name: 'notBlank',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || value.trim().length > 0,
      defaultMessage: () => 'must not be blank',
    },
  });
}

/** A date (YYYY-MM-DD) that has already come: a founding date, a grant date. */
export function NotInFuture() {
  return ValidateBy({
    name: 'notInFuture',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' || value <= new Date().toISOString().slice(0, 10),
      defaultMessage: () => 'must not be in the future',
    },
  });
}

/**
 * Money on the wire is a decimal string with at most 2 places. A JSON number is refused: the
 * float it becomes in JavaScript may already have lost a cent.
 */
export function MoneyField(options: { description: string; example: string; optional?: boolean }) {
  const doc = {
    type: String,
    pattern: MONEY_PATTERN.source,
    description: `${options.description} (decimal string, at most 2 places)`,
    example: options.example,
  };
  return applyDecorators(
    ...(options.optional ? [IsOptional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsString({ message: 'must be a decimal string such as "500000.00", not a JSON number' }),
    Matches(MONEY_PATTERN, {
      message: 'must be a decimal amount with at most 2 places, such as "500000.00"',
    }),
  );
}

/** A rate or ratio as a decimal string ("0.0435"). */
export function RateField(options: { description: string; example: string; optional?: boolean }) {
  const doc = {
    type: String,
    pattern: RATE_PATTERN.source,
    description: `${options.description} (decimal string)`,
    example: options.example,
  };
  return applyDecorators(
    ...(options.optional ? [IsOptional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsString({ message: 'must be a decimal string such as "0.0435", not a JSON number' }),
    Matches(RATE_PATTERN, { message: 'must be a decimal string such as "0.0435"' }),
  );
}

/** An object of rates by key ({"integrated-circuits": "0.05"}): every value a decimal string. */
export function RateMapField(options: {
  description: string;
  example: Record<string, string>;
  optional?: boolean;
}) {
  const doc = {
    type: 'object',
    additionalProperties: { type: 'string', pattern: RATE_PATTERN.source },
    description: options.description,
    example: options.example,
  } as const;
  return applyDecorators(
    ...(options.optional ? [IsOptional(), ApiPropertyOptional(doc)] : [ApiProperty(doc)]),
    IsObject({ message: 'must be an object of decimal strings, such as {"software": "0.04"}' }),
    ValidateBy({
      name: 'rateMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          Object.values(value).every((rate) => typeof rate === 'string' && RATE_PATTERN.test(rate)),
        defaultMessage: () =>
          'every value must be a decimal string such as "0.05", not a JSON number',
      },
    }),
  );
}
