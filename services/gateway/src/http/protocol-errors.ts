import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { invalidInput, newId } from '@tf/platform';
import type { FastifyError } from 'fastify';
import { pathOf, type HttpReply, type HttpRequest } from './http-types';
import { HttpProblem, toProblem } from './problem';

/**
 * What is refused before a request reaches Nest, and so before the ProblemFilter: Fastify's
 * router (a path that is not percent-encoded UTF-8, a parameter longer than any id) and Node's
 * HTTP parser (headers over 16 KiB, bytes that are not HTTP, a request too slow to arrive).
 * Left to Fastify, each was a bare application/json body with no request id; here each is a
 * problem like every other answer (the fuzzer found them, fuzz.e2e-spec.ts).
 */

/** Headers every answer carries (configure-http.ts's onRequest hook does not run for these). */
const PLAIN = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** Fastify's `frameworkErrors`: the router could not route the path. */
export function routerError(error: FastifyError, request: HttpRequest, reply: HttpReply): void {
  const path = pathOf(request);
  const refusal =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new HttpProblem(414, 'uri-too-long', 'a path parameter is longer than any id or code')
      : error.code === 'FST_ERR_BAD_URL'
        ? invalidInput('path', 'is not percent-encoded UTF-8')
        : error;
  const problem = toProblem(refusal, path, request.id);
  void reply
    .status(problem.status)
    .headers(Object.assign({}, PLAIN, { 'x-request-id': request.id }))
    .type('application/problem+json')
    .send(JSON.stringify(problem));
}

/**
 * Fastify's `clientErrorHandler`: Node could not parse a request, so there is no path and no
 * reply object, only the socket. The answer is written raw, then the connection is closed
 * (as Node's and Fastify's own handlers do: what follows on it cannot be trusted).
 */
export function clientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new HttpProblem(
          431,
          'request-header-fields-too-large',
          'the request line and headers are over 16 KiB',
        )
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new HttpProblem(408, 'request-timeout', 'the request did not arrive in time')
        : invalidInput('request', 'is not an HTTP/1.1 request');
  const requestId = newId();
  // No path was read: the problem's instance is the occurrence itself.
  const problem = toProblem(refusal, `urn:uuid:${requestId}`, requestId);
  const body = JSON.stringify(problem);
  const headers = {
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestId,
    ...PLAIN,
    connection: 'close',
  };
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('') +
        `\r\n${body}`,
    );
  socket.destroy(error);
}
