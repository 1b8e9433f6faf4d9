import { create } from '@bufbuild/protobuf';
import { common } from '@tf/contracts';
import { CommonErrors, DomainError, kebab, type ErrorStatus } from '@tf/core';
import { isDatabaseUnavailable } from '../database/postgres-errors';

type ErrorMessage = common.Error;
const { ErrorSchema } = common;

const KNOWN_STATUSES = new Set<number>([400, 401, 403, 404, 409, 422, 429, 500, 503]);

/**
 * DomainError → wire. A database that cannot be reached is a 503 the caller may retry; other
 * unknown errors become a bare 500: their detail may leak internals.
 */
export function toErrorMessage(error: unknown): ErrorMessage {
  if (isDatabaseUnavailable(error))
    return toErrorMessage(
      new DomainError(
        CommonErrors.DEPENDENCY_UNAVAILABLE,
        'the database is not available at the moment; retry shortly',
      ),
    );
  if (error instanceof DomainError) {
    return create(ErrorSchema, {
      code: error.code,
      status: error.status,
      type: error.type,
      title: error.declared.title,
      detail: error.detail,
      errors: error.options.fields ?? [],
      retryAfterSeconds: error.options.retryAfterSeconds,
    });
  }
  return toErrorMessage(new DomainError(CommonErrors.INTERNAL, 'An unexpected error occurred'));
}

/** Wire → DomainError, as it was declared by the service that threw it. */
export function fromErrorMessage(message: ErrorMessage): DomainError {
  const known = KNOWN_STATUSES.has(message.status) && message.code !== '';
  const declared = known
    ? {
        code: message.code,
        status: message.status as ErrorStatus,
        type: message.type || kebab(message.code),
        ...(message.title ? { title: message.title } : {}),
      }
    : CommonErrors.INTERNAL;
  return new DomainError(declared, message.detail, {
    fields: message.errors.map(({ field, message: text }) => ({ field, message: text })),
    ...(message.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: message.retryAfterSeconds }
      : {}),
  });
}
