import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { invalidInput } from '@tf/platform';
import { setUpSwagger } from './swagger';

/** The gateway's HTTP setup, shared by main.ts and the end-to-end tests. */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', 'loopback');
  express.disable('x-powered-by');
  // Our own JSON parser (Nest then skips its default), followed by the one place a body that is
  // not JSON becomes a 400 naming the body; Nest would otherwise map it to a bare 400.
  express.useBodyParser('json', { limit: '1mb' });
  express.use(
    (error: unknown, _request: unknown, _response: unknown, next: (error?: unknown) => void) => {
      next(
        isJsonParseError(error)
          ? invalidInput('body', 'is not valid JSON', 'MALFORMED_JSON')
          : error,
      );
    },
  );
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  setUpSwagger(app);
}

function isJsonParseError(error: unknown): boolean {
  return (
    error instanceof SyntaxError && (error as { type?: string }).type === 'entity.parse.failed'
  );
}
