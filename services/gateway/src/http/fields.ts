import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { MONEY_PATTERN, RATE_PATTERN } from '@tf/platform';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

/*
 * The request fields of the partner API, each stating its limits once: the validator that
 * enforces a limit and the OpenAPI schema that announces it come from the same decorator, so
 * Swagger cannot promise less (or more) than the gateway checks. Every string has a maxLength
 * and, where one exists, a pattern or format; every array a maxItems (the OpenAPI test in
 * e2e/src/gateway.e2e-spec.ts walks /docs-json to hold every route to it).
 */

/** What every field says about itself. */
export interface FieldOptions {
  description?: string;
  example?: unknown;
  /** May be left out (or null); absent fields are not stored as "" or 0. */
  optional?: boolean;
}

type Schema = Omit<ApiPropertyOptions, 'required'>;

/** The OpenAPI half of a field, required or optional. */
function documented(options: FieldOptions, schema: Schema): PropertyDecorator[] {
  const doc = { description: options.description, example: options.example, ...schema };
  return options.optional
    ? [IsOptional(), ApiPropertyOptional(doc as ApiPropertyOptions)]
    : [ApiProperty(doc as ApiPropertyOptions)];
}

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

/** Free text: a name, a title, a reason. Blank text is refused unless `blank` says otherwise. */
export function TextField(
  options: FieldOptions & {
    maxLength: number;
    minLength?: number;
    pattern?: RegExp;
    /** What the pattern asks for, as the 400 says it ("must be 18 characters"). */
    patternMessage?: string;
    blank?: 'allowed';
  },
) {
  const { maxLength, minLength, pattern, patternMessage } = options;
  return applyDecorators(
    ...documented(options, {
      type: String,
      maxLength,
      ...(minLength !== undefined ? { minLength } : {}),
      ...(pattern ? { pattern: pattern.source } : {}),
    }),
    IsString(),
    ...(minLength !== undefined ? [MinLength(minLength)] : []),
    MaxLength(maxLength),
    ...(options.blank === 'allowed' ? [] : [NotBlank()]),
    ...(pattern ? [Matches(pattern, patternMessage ? { message: patternMessage } : {})] : []),
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a date YYYY-MM-DD';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE =
  'must be an ISO 8601 instant with its offset, such as "2026-12-20T10:00:00Z"';

/** A moment in time, ISO 8601 with Z or an offset ("2026-12-20T18:00:00+08:00"), never a local time. */
export function InstantField(options: FieldOptions) {
  return applyDecorators(
    ...documented(options, {
      type: String,
      format: 'date-time',
      maxLength: 29,
      pattern: INSTANT.source,
    }),
    Matches(INSTANT, { message: INSTANT_MESSAGE }),
    IsISO8601({ strict: true }, { message: INSTANT_MESSAGE }),
  );
}

/** A calendar date, YYYY-MM-DD; `past` refuses dates still to come (a founding, a grant). */
export function DateField(options: FieldOptions & { past?: boolean }) {
  return applyDecorators(
    ...documented(options, { type: String, format: 'date', maxLength: 10, pattern: DATE.source }),
    Matches(DATE, { message: DATE_MESSAGE }),
    IsISO8601({ strict: true }, { message: DATE_MESSAGE }),
    ...(options.past ? [NotInFuture()] : []),
  );
}

/** A date (YYYY-MM-DD) that has already come. */
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

/** The id of something of this center (a UUID); `of` names it in the 400 ("an enterprise"). */
export function IdField(options: FieldOptions & { of: string }) {
  return applyDecorators(
    ...documented(
      { example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f', ...options },
      { type: String, format: 'uuid', maxLength: 36 },
    ),
    IsUUID('all', { message: `must be ${options.of} id (UUID)` }),
  );
}

/** One value of a vocabulary declared in @tf/contracts. */
export function EnumField(values: readonly string[], options: FieldOptions) {
  return applyDecorators(
    ...documented({ example: values[0], ...options }, { enum: values as string[] }),
    IsIn(values as string[], { message: `must be one of: ${values.join(', ')}` }),
  );
}

/** A whole number within bounds; `fromQuery` reads it from a query string. */
export function IntField(
  options: FieldOptions & { minimum: number; maximum: number; fromQuery?: boolean },
) {
  const { minimum, maximum } = options;
  return applyDecorators(
    ...documented(options, { type: 'integer', minimum, maximum }),
    ...(options.fromQuery ? [Type(() => Number)] : []),
    IsInt(),
    Min(minimum),
    Max(maximum),
  );
}

/** true or false; `fromQuery` reads "true" and "false" from a query string (anything else is a 400). */
export function BooleanField(options: FieldOptions & { fromQuery?: boolean }) {
  return applyDecorators(
    ...documented(options, { type: Boolean }),
    ...(options.fromQuery
      ? [
          Transform(({ value }: { value: unknown }) =>
            value === 'true' ? true : value === 'false' ? false : value,
          ),
        ]
      : []),
    IsBoolean(),
  );
}

/**
 * An object of the given DTO class, validated field by field (a required one may not be left out).
 * IsObject even when optional: ValidateNested alone takes an array and validates its elements,
 * so `[]` would pass for an object and reach the service's encoder (a 500).
 */
export function NestedField(type: new () => object, options: FieldOptions) {
  return applyDecorators(
    ...documented(options, { type }),
    IsObject({ message: 'must be an object' }),
    ValidateNested(),
    Type(() => type),
  );
}

/**
 * A list of objects of the given DTO class. Each must be an object: ValidateNested would take a
 * list inside the list (`[[]]` passed, and failed as a 500 when the service's message was
 * encoded; the fuzzer found it on POST /loan-applications' collateral).
 */
export function NestedListField(
  type: new () => object,
  options: FieldOptions & { minItems?: number; maxItems: number; itemName: string },
) {
  const { minItems, maxItems, itemName } = options;
  return applyDecorators(
    ...documented(options, {
      type,
      isArray: true,
      maxItems,
      ...(minItems !== undefined ? { minItems } : {}),
    }),
    IsArray(),
    ...(minItems !== undefined
      ? [ArrayMinSize(minItems, { message: `must hold at least ${minItems} ${itemName}` })]
      : []),
    ArrayMaxSize(maxItems, { message: `must hold at most ${maxItems} ${itemName}s` }),
    IsObject({ each: true, message: `each ${itemName} must be an object` }),
    ValidateNested({ each: true }),
    Type(() => type),
  );
}

/** A list of strings, each matching `pattern` (and no longer than maxLength). */
export function TextListField(
  options: FieldOptions & {
    minItems?: number;
    maxItems: number;
    maxLength: number;
    pattern: RegExp;
    patternMessage: string;
  },
) {
  const { minItems, maxItems, maxLength, pattern, patternMessage } = options;
  return applyDecorators(
    ...documented(options, {
      type: 'array',
      items: { type: 'string', maxLength, pattern: pattern.source },
      maxItems,
      ...(minItems !== undefined ? { minItems } : {}),
    }),
    IsArray(),
    ...(minItems !== undefined ? [ArrayMinSize(minItems)] : []),
    ArrayMaxSize(maxItems),
    IsString({ each: true, message: 'each must be a string' }),
    MaxLength(maxLength, { each: true }),
    Matches(pattern, { each: true, message: `each ${patternMessage}` }),
  );
}

/** A list of values of a vocabulary declared in @tf/contracts. */
export function EnumListField(
  values: readonly string[],
  options: FieldOptions & { minItems?: number; maxItems: number },
) {
  const { minItems, maxItems } = options;
  return applyDecorators(
    ...documented(options, {
      enum: values as string[],
      isArray: true,
      maxItems,
      ...(minItems !== undefined ? { minItems } : {}),
    }),
    IsArray(),
    ...(minItems !== undefined ? [ArrayMinSize(minItems)] : []),
    ArrayMaxSize(maxItems),
    IsIn(values as string[], { each: true, message: `each must be one of: ${values.join(', ')}` }),
  );
}

/** The longest money and rate strings the patterns allow ("999999999999999999.99"). */
const MONEY_MAX_LENGTH = 21;
const RATE_MAX_LENGTH = 17;

/**
 * Money on the wire is a decimal string with at most 2 places. A JSON number is refused: the
 * float it becomes in JavaScript may already have lost a cent.
 */
export function MoneyField(
  options: FieldOptions & {
    description: string;
    example: string;
    /** Refuses 0 ("0", "0.00"): a price, a bid. */
    positive?: boolean;
  },
) {
  const places = options.positive
    ? 'above 0, decimal string, at most 2 places'
    : 'decimal string, at most 2 places';
  return applyDecorators(
    ...documented(
      Object.assign({}, options, { description: `${options.description} (${places})` }),
      { type: String, pattern: MONEY_PATTERN.source, maxLength: MONEY_MAX_LENGTH },
    ),
    IsString({ message: 'must be a decimal string such as "500000.00", not a JSON number' }),
    Matches(MONEY_PATTERN, {
      message: 'must be a decimal amount with at most 2 places, such as "500000.00"',
    }),
    ...(options.positive ? [AboveZero()] : []),
  );
}

/** A money string that is not zero (the pattern already refuses a sign). */
function AboveZero() {
  return ValidateBy({
    name: 'aboveZero',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || /[1-9]/.test(value),
      defaultMessage: () => 'must be more than 0',
    },
  });
}

/** A list of amounts, such as a revenue forecast year by year; `signed` allows losses. */
export function MoneyListField(
  options: FieldOptions & { minItems: number; maxItems: number; signed?: boolean },
) {
  const pattern = options.signed
    ? new RegExp(`^-?${MONEY_PATTERN.source.slice(1)}`)
    : MONEY_PATTERN;
  return applyDecorators(
    ...documented(options, {
      type: 'array',
      items: { type: 'string', pattern: pattern.source, maxLength: MONEY_MAX_LENGTH + 1 },
      minItems: options.minItems,
      maxItems: options.maxItems,
    }),
    IsArray(),
    ArrayMinSize(options.minItems),
    ArrayMaxSize(options.maxItems),
    IsString({
      each: true,
      message: 'each must be a decimal string such as "1200000.00", not a JSON number',
    }),
    Matches(pattern, {
      each: true,
      message: 'each must be a decimal amount with at most 2 places',
    }),
  );
}

/** A rate or ratio as a decimal string ("0.0435"). */
export function RateField(options: FieldOptions & { description: string; example: string }) {
  return applyDecorators(
    ...documented(
      Object.assign({}, options, { description: `${options.description} (decimal string)` }),
      { type: String, pattern: RATE_PATTERN.source, maxLength: RATE_MAX_LENGTH },
    ),
    IsString({ message: 'must be a decimal string such as "0.0435", not a JSON number' }),
    Matches(RATE_PATTERN, { message: 'must be a decimal string such as "0.0435"' }),
  );
}

/** An object of rates by code ({"integrated-circuits": "0.05"}): every value a decimal string. */
export function RateMapField(
  options: FieldOptions & { example: Record<string, string>; keyPattern: RegExp; maxKeys: number },
) {
  const { keyPattern, maxKeys } = options;
  const valid = (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length <= maxKeys &&
    Object.entries(value).every(
      ([key, rate]) => keyPattern.test(key) && typeof rate === 'string' && RATE_PATTERN.test(rate),
    );
  return applyDecorators(
    ...documented(options, {
      type: 'object',
      additionalProperties: {
        type: 'string',
        pattern: RATE_PATTERN.source,
        maxLength: RATE_MAX_LENGTH,
      },
      propertyNames: { type: 'string', pattern: keyPattern.source },
      maxProperties: maxKeys,
    } as Schema),
    IsObject({ message: 'must be an object of decimal strings, such as {"software": "0.04"}' }),
    ValidateBy({
      name: 'rateMap',
      validator: {
        validate: valid,
        defaultMessage: () =>
          `must hold at most ${maxKeys} codes (lower-case letters, digits, dashes), ` +
          'each with a decimal string such as "0.05", not a JSON number',
      },
    }),
  );
}
