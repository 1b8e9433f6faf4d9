import type { FastifyReply, FastifyRequest } from 'fastify';

/** The gateway's HTTP request and reply: Fastify's. */
export type HttpRequest = FastifyRequest;
export type HttpReply = FastifyReply;

/** A request header as one string: the first value when it was sent twice. */
export function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request's path, without its query. */
export function pathOf(request: HttpRequest): string {
  const query = request.url.indexOf('?');
  return query < 0 ? request.url : request.url.slice(0, query);
}
