import { Injectable, type NestMiddleware } from '@nestjs/common';
import { newId, runInContext } from '@tf/platform';
import type { NextFunction, Request, Response } from 'express';

const REQUEST_ID = Symbol('tf:request-id');
/** A client's own id is kept if it is reasonable: printable, no spaces, at most 128 characters. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** x-request-id on every response: the client's, if it sent a usable one, else a new UUIDv7. */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const sent = request.header('x-request-id');
    const requestId = sent && ACCEPTABLE.test(sent) ? sent : newId();
    (request as unknown as Record<symbol, string>)[REQUEST_ID] = requestId;
    response.setHeader('x-request-id', requestId);
    // Log lines written while this request is handled carry its id.
    runInContext({ requestId }, () => next());
  }
}

export function requestIdOf(request: Request): string {
  return (request as unknown as Record<symbol, string | undefined>)[REQUEST_ID] ?? newId();
}
