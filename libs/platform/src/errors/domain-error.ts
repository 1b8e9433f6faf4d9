/**
 * The one error type domain code throws. It knows nothing of HTTP beyond the status a client
 * should see; it crosses NATS as a tf.common.v1.Error and the gateway turns it into
 * problem+json. Anything else thrown is an unexpected failure (500, logged, detail hidden).
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 503;

export class DomainError extends Error {
  constructor(
    /** Stable machine-readable code, e.g. ENTERPRISE_CREDIT_CODE_TAKEN. */
    readonly code: string,
    readonly status: ErrorStatus,
    detail: string,
    readonly options: {
      fields?: FieldProblem[];
      rule?: string;
      title?: string;
      /** For 429: seconds until the caller may try again (the Retry-After header). */
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }

  get detail(): string {
    return this.message;
  }
}

/** 400: the input is malformed or a field is invalid. */
export function invalidInput(field: string, message: string, code = 'INVALID_INPUT'): DomainError {
  return new DomainError(code, 400, `${field} ${message}`, { fields: [{ field, message }] });
}

/** 404: missing, or belonging to another tenant (never say which). */
export function notFound(what: string, id: string): DomainError {
  return new DomainError(
    `${what.toUpperCase().replace(/[^A-Z]+/g, '_')}_NOT_FOUND`,
    404,
    `${what} ${id} was not found`,
  );
}

/** 409: a duplicate or a state that does not allow the operation. */
export function conflict(code: string, detail: string, field?: string): DomainError {
  return new DomainError(code, 409, detail, field ? { fields: [{ field, message: detail }] } : {});
}

/** 422: a business rule said no; `rule` becomes the problem type, e.g. "leverage-limit". */
export function ruleViolation(
  rule: string,
  detail: string,
  code = rule.toUpperCase().replace(/-/g, '_'),
): DomainError {
  return new DomainError(code, 422, detail, { rule });
}

export function forbidden(detail: string, code = 'FORBIDDEN'): DomainError {
  return new DomainError(code, 403, detail);
}

export function unauthenticated(detail: string, code = 'UNAUTHENTICATED'): DomainError {
  return new DomainError(code, 401, detail);
}

/** 429: too many attempts; the caller may try again after `retryAfterSeconds`. */
export function tooManyAttempts(
  code: string,
  detail: string,
  retryAfterSeconds: number,
  rule?: string,
): DomainError {
  return new DomainError(code, 429, detail, {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
    ...(rule ? { rule } : {}),
  });
}

export function serviceUnavailable(detail: string, code = 'SERVICE_UNAVAILABLE'): DomainError {
  return new DomainError(code, 503, detail);
}

/** True for PostgreSQL's unique_violation (optionally of one named constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } } | null)
    ?.driverError;
  return driverError?.code === '23505' && (!constraint || driverError.constraint === constraint);
}
