import { create } from '@bufbuild/protobuf';
import { common } from '@tf/contracts';
import { DomainError, type ErrorStatus } from './domain-error';

type ErrorMessage = common.Error;
const { ErrorSchema } = common;

const KNOWN_STATUSES = new Set<number>([400, 401, 403, 404, 409, 422, 429, 500, 503]);

/** DomainError → wire. Unknown errors become a bare 500: their detail may leak internals. */
export function toErrorMessage(error: unknown): ErrorMessage {
  if (error instanceof DomainError) {
    return create(ErrorSchema, {
      code: error.code,
      status: error.status,
      title: error.options.title ?? '',
      detail: error.detail,
      errors: error.options.fields ?? [],
      rule: error.options.rule ?? '',
      retryAfterSeconds: error.options.retryAfterSeconds,
    });
  }
  return create(ErrorSchema, {
    code: 'INTERNAL',
    status: 500,
    detail: 'An unexpected error occurred',
  });
}

/** Wire → DomainError, so a caller can rethrow what a service said. */
export function fromErrorMessage(message: ErrorMessage): DomainError {
  const status = (KNOWN_STATUSES.has(message.status) ? message.status : 500) as ErrorStatus;
  return new DomainError(message.code || 'INTERNAL', status, message.detail, {
    fields: message.errors.map(({ field, message: text }) => ({ field, message: text })),
    rule: message.rule || undefined,
    title: message.title || undefined,
    ...(message.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: message.retryAfterSeconds }
      : {}),
  });
}
