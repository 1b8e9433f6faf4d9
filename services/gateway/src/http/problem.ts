import { HttpException, HttpStatus } from '@nestjs/common';
import { DECLARED_ERRORS } from '@tf/contracts';
import { RateLimited } from './rate-limit-headers';
import { DomainError, isDatabaseUnavailable, type FieldProblem } from '@tf/platform';

/** RFC 9457 problem details, the body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldProblem[];
  /** Extension: the request id, to quote when asking the center about a failure. */
  requestId?: string;
}

/** Problem types are relative URIs on the API host: /problems/<slug>. */
export const PROBLEM_TYPE_BASE = '/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Slug of the problem type when nothing more specific is known. */
const GENERIC_SLUGS: Record<number, string> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'business-rule',
  429: 'rate-limited',
  500: 'internal-error',
  503: 'service-unavailable',
};

/**
 * An HTTP-level refusal that never reaches a service: 404 (a path parameter no object can be
 * named by), 405 (with the methods the path answers to), 408, 414 and 431 (what Fastify's router
 * and Node's parser refuse, protocol-errors.ts) and 415 (a body that is not JSON).
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: 404 | 405 | 408 | 414 | 415 | 431,
    readonly slug: string,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export function methodNotAllowed(method: string, path: string, allowed: string[]): HttpProblem {
  return new HttpProblem(
    405,
    'method-not-allowed',
    `${path} does not answer to ${method}; it answers to ${allowed.join(', ')}`,
    { allow: allowed.join(', ') },
  );
}

/**
 * A path parameter with characters no id or code has (control characters, a lone surrogate):
 * like any other malformed id it names nothing (404, params.ts), and it goes no further, since
 * PostgreSQL cannot even hold a NUL to compare it.
 */
export function namesNothing(path: string): HttpProblem {
  return new HttpProblem(404, 'not-found', `${path} names nothing`);
}

export function unsupportedMediaType(contentType: string | undefined): HttpProblem {
  return new HttpProblem(
    415,
    'unsupported-media-type',
    `the body must be application/json${contentType ? `, not ${contentType.split(';')[0]}` : ''}`,
  );
}

/** Headers that go with an error's problem: Retry-After on a 429, Allow on a 405. */
export function problemHeaders(error: unknown): Record<string, string> {
  if (error instanceof HttpProblem) return error.headers;
  if (error instanceof RateLimited)
    return Object.assign({}, error.headers, {
      'retry-after': String(error.options.retryAfterSeconds),
    });
  if (error instanceof DomainError && error.options.retryAfterSeconds !== undefined)
    return { 'retry-after': String(error.options.retryAfterSeconds) };
  return {};
}

/**
 * The one place an error becomes a response: domain errors keep their status, code and fields;
 * framework errors keep their status; anything unknown is a 500 whose detail reveals nothing.
 */
export function toProblem(error: unknown, instance: string, requestId: string): Problem {
  if (error instanceof HttpProblem) {
    return problem(error.status, error.slug, error.message, instance, requestId);
  }
  // A failure of ours has one problem type wherever it happened, and says nothing of its cause.
  if (error instanceof DomainError && error.status === 500)
    return internalError(instance, requestId);
  if (error instanceof DomainError) {
    // The declaration decides status, type and title; what crossed NATS only names it.
    const declared = DECLARED_ERRORS.get(error.code) ?? error.declared;
    return problem(
      declared.status,
      declared.type,
      error.detail,
      instance,
      requestId,
      error.options.fields,
      declared.title,
    );
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const detail =
      status === HttpStatus.NOT_FOUND ? `No route ${instance}` : httpExceptionDetail(error);
    return problem(status, slugFor(status), detail, instance, requestId);
  }
  // The gateway's own tables (keys, idempotency, audit) out of reach: retry, as for a service.
  if (isDatabaseUnavailable(error))
    return problem(
      503,
      slugFor(503),
      'the database is not available at the moment; retry shortly',
      instance,
      requestId,
    );
  return internalError(instance, requestId);
}

function internalError(instance: string, requestId: string): Problem {
  return problem(
    500,
    slugFor(500),
    'An unexpected error occurred; the request id identifies it in the logs',
    instance,
    requestId,
  );
}

function problem(
  status: number,
  slug: string,
  detail: string,
  instance: string,
  requestId: string,
  errors?: FieldProblem[],
  title?: string,
): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${slug}`,
    title: title ?? TITLES[status] ?? 'Error',
    status,
    detail,
    instance,
    ...(errors && errors.length > 0 ? { errors } : {}),
    requestId,
  };
}

function slugFor(status: number): string {
  return GENERIC_SLUGS[status] ?? 'http-error';
}

function httpExceptionDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}
