import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CommonErrors, invalidFields, invalidInput } from '@tf/platform';
import type { NextFunction, Request, Response } from 'express';
import { GatewayConfig } from '../config';
import { MAX_DEPTH, screenInput } from './input-screen';
import { unsupportedMediaType } from './problem';
import { API_PREFIX, UNPREFIXED_PATHS } from './routes';
import { setUpSwagger } from './swagger';

/**
 * The gateway's HTTP setup, shared by main.ts and the end-to-end tests. In order, before any
 * route: who the client is (X-Forwarded-For only from TRUSTED_PROXIES), no caching of what we
 * answer, JSON only, parsed with a size limit, then screened (depth, prototype keys, control
 * characters). Every refusal here is a problem+json through the ProblemFilter.
 */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const config = app.get(GatewayConfig);
  // Express believes X-Forwarded-For only from these addresses; `false` believes nobody.
  express.set('trust proxy', config.trustedProxies.length > 0 ? config.trustedProxies : false);
  express.disable('x-powered-by');
  express.use(financialDataIsNotCached);
  express.use(jsonBodiesOnly);
  express.useBodyParser('json', { limit: '1mb' });
  express.use(readableJson);
  express.use(screened);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: UNPREFIXED_PATHS.map((path) => ({ path, method: RequestMethod.GET })),
  });
  setUpSwagger(app);
}

/** Answers carry money and names: no proxy or browser keeps them (Swagger's own pages aside). */
function financialDataIsNotCached(request: Request, response: Response, next: NextFunction): void {
  if (!request.path.startsWith('/docs')) response.setHeader('cache-control', 'no-store');
  next();
}

/** A request with a body must send JSON: a form or text body is 415, not silently ignored. */
function jsonBodiesOnly(request: Request, _response: Response, next: NextFunction): void {
  const hasBody =
    request.headers['transfer-encoding'] !== undefined ||
    Number(request.headers['content-length'] ?? 0) > 0;
  const type = request.headers['content-type'];
  const json = type !== undefined && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type);
  next(hasBody && !json ? unsupportedMediaType(type) : undefined);
}

/** A body that is not JSON becomes a 400 naming the body; Nest would answer a bare 400. */
function readableJson(error: unknown, _request: Request, _response: Response, next: NextFunction) {
  next(
    error instanceof SyntaxError && (error as { type?: string }).type === 'entity.parse.failed'
      ? invalidInput('body', 'is not valid JSON', CommonErrors.MALFORMED_JSON)
      : error,
  );
}

/** What no body or query may carry, refused before validation (input-screen.ts says why). */
function screened(request: Request, _response: Response, next: NextFunction): void {
  const found = screenInput(request.body) ?? screenInput(request.query);
  if (!found) return next();
  next(
    found.kind === 'too-deep'
      ? invalidInput(
          'body',
          `is nested deeper than ${MAX_DEPTH} levels`,
          CommonErrors.BODY_TOO_DEEP,
        )
      : invalidFields([found.problem]),
  );
}
