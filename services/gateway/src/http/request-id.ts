import type { IncomingMessage } from 'node:http';
import { newId } from '@tf/platform';
import type { HttpRequest } from './http-types';

/** A client's own id is kept if it is reasonable: printable, no spaces, at most 128 characters. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's request id (its genReqId): the client's x-request-id, if it sent a usable one, else a
 * new UUIDv7. configure-http.ts sends it back as x-request-id and logs under it.
 */
export function requestIdFor(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  return typeof sent === 'string' && ACCEPTABLE.test(sent) ? sent : newId();
}

export function requestIdOf(request: HttpRequest): string {
  return request.id;
}
