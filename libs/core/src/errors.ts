/**
 * Errors are declared before they are thrown. Each domain states its error codes once, in one
 * table, with the status a client sees and the problem type it names (the kebab-case of the code
 * unless said otherwise); a throw site names a declared error, so an undeclared code is a type
 * error and no status is chosen where an error is thrown. The error crosses NATS as data and the
 * gateway turns it into problem+json. Anything else thrown is an unexpected failure: 500, logged,
 * its detail hidden.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503;

export interface ErrorSpec {
  readonly status: ErrorStatus;
  /** The problem type's slug, /problems/<type>; defaults to the code in kebab-case. */
  readonly type?: string;
  /** The problem's title; defaults to the status's reason phrase. */
  readonly title?: string;
}

export interface DeclaredError<Code extends string = string> {
  readonly code: Code;
  readonly status: ErrorStatus;
  readonly type: string;
  readonly title?: string;
}

export type ErrorTable<T extends Record<string, ErrorSpec>> = {
  readonly [Code in keyof T & string]: DeclaredError<Code>;
};

export function defineErrors<const T extends Record<string, ErrorSpec>>(table: T): ErrorTable<T> {
  const declared: Record<string, DeclaredError> = {};
  for (const [code, spec] of Object.entries(table)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new Error(`error code ${code} is not UPPER_SNAKE`);
    declared[code] = {
      code,
      status: spec.status,
      type: spec.type ?? kebab(code),
      title: spec.title,
    };
  }
  return declared as ErrorTable<T>;
}

export function kebab(code: string): string {
  return code.toLowerCase().replace(/_/g, '-');
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ErrorOptions {
  fields?: FieldProblem[];
  /** For 429: seconds until the caller may try again (the Retry-After header). */
  retryAfterSeconds?: number;
}

/** The one error type domain code throws: a declared error with what went wrong this time. */
export class DomainError extends Error {
  constructor(
    readonly declared: DeclaredError,
    detail: string,
    readonly options: ErrorOptions = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  get code(): string {
    return this.declared.code;
  }

  get status(): ErrorStatus {
    return this.declared.status;
  }

  /** The problem type's slug. */
  get type(): string {
    return this.declared.type;
  }

  get detail(): string {
    return this.message;
  }
}

/** The platform's own errors; each service declares its domain's in @tf/contracts/vocabulary. */
export const CommonErrors = defineErrors({
  INVALID_INPUT: { status: 400 },
  MALFORMED_JSON: { status: 400 },
  BODY_TOO_DEEP: { status: 400 },
  MALFORMED_MESSAGE: { status: 400 },
  TENANT_REQUIRED: { status: 400 },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400 },
  UNAUTHENTICATED: { status: 401 },
  NO_CREDENTIALS: { status: 401 },
  INVALID_TOKEN: { status: 401 },
  INVALID_API_KEY: { status: 401 },
  SESSION_REVOKED: { status: 401 },
  FORBIDDEN: { status: 403 },
  ROLE_MISSING: { status: 403 },
  SCOPE_MISSING: { status: 403 },
  ROUTE_NOT_GUARDED: { status: 403 },
  TENANT_NOT_FOUND: { status: 404 },
  IDEMPOTENCY_KEY_REUSED: { status: 409 },
  IDEMPOTENCY_KEY_IN_FLIGHT: { status: 409 },
  IDEMPOTENCY_KEY_BUSY: { status: 409 },
  REPLY_TOO_LARGE: { status: 422 },
  AUTHENTICATION_FAILURES: { status: 429, type: 'rate-limited' },
  INTERNAL: { status: 500, type: 'internal-error' },
  DEPENDENCY_TIMEOUT: { status: 503 },
  DEPENDENCY_UNAVAILABLE: { status: 503 },
  NO_HANDLER: { status: 503 },
});

/** 400 naming one field. */
export function invalidInput(
  field: string,
  message: string,
  declared: DeclaredError = CommonErrors.INVALID_INPUT,
): DomainError {
  return new DomainError(declared, `${field} ${message}`, { fields: [{ field, message }] });
}

/** 400 naming every field that is wrong. */
export function invalidFields(
  fields: FieldProblem[],
  declared: DeclaredError = CommonErrors.INVALID_INPUT,
): DomainError {
  return new DomainError(declared, fields.map((f) => `${f.field} ${f.message}`).join('; '), {
    fields,
  });
}

/**
 * 404: missing, or belonging to another center (never say which). `subject` names it
 * ("valuation 0192…"); `field` names the request field that pointed at it, when one did.
 */
export function notFound(
  declared: DeclaredError,
  subject: string,
  field?: FieldProblem,
): DomainError {
  return new DomainError(declared, `${subject} was not found`, field ? { fields: [field] } : {});
}

/** 409: a duplicate, or a state that does not allow the operation. */
export function conflict(declared: DeclaredError, detail: string, field?: string): DomainError {
  return new DomainError(declared, detail, field ? { fields: [{ field, message: detail }] } : {});
}

/** 429: too many attempts; the caller may try again after `retryAfterSeconds`. */
export function tooManyAttempts(
  declared: DeclaredError,
  detail: string,
  retryAfterSeconds: number,
): DomainError {
  return new DomainError(declared, detail, {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
  });
}
