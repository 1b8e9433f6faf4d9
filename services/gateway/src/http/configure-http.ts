import cors from '@fastify/cors';
import { RequestMethod } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommonErrors, invalidFields, invalidInput, type HttpSetup } from '@tf/platform';
import type { GatewayConfig } from '../config';
import { header, pathOf, type HttpRequest } from './http-types';
import { MAX_DEPTH, screenInput } from './input-screen';
import { namesNothing, unsupportedMediaType } from './problem';
import { clientError, routerError } from './protocol-errors';
import { requestIdFor } from './request-id';
import { SECURITY_HEADERS } from './security-headers';
import { API_PREFIX, UNPREFIXED_PATHS } from './routes';
import { setUpSwagger } from './swagger';

/** application/json and application/<anything>+json. */
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/** Refuses bytes that are not UTF-8; keeps a byte-order mark, which JSON.parse then refuses. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** At most 1 MB of JSON per request. */
const BODY_LIMIT = 1024 * 1024;

/**
 * The gateway's HTTP side, shared by main.ts and the end-to-end tests, on Fastify. Who the client
 * is (X-Forwarded-For only from TRUSTED_PROXIES), the request id, no caching of what we answer,
 * JSON only, parsed with a size limit, then screened (depth, prototype keys, control characters).
 * Every refusal here is a problem+json through the ProblemFilter.
 */
export function gatewayHttp(config: GatewayConfig): HttpSetup {
  return {
    options: {
      // Fastify believes X-Forwarded-For only from these addresses; `false` believes nobody.
      trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
      bodyLimit: BODY_LIMIT,
      genReqId: requestIdFor,
      routerOptions: { ignoreTrailingSlash: true },
      // What the router and Node's parser refuse is a problem too (protocol-errors.ts).
      frameworkErrors: routerError,
      clientErrorHandler: clientError,
    },
    configure: (app) => configureHttp(app, config),
  };
}

/** What a browser on an allowed origin may send and read (everything else stays closed). */
const CORS_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'idempotency-key',
  'x-tenant-id',
  'x-request-id',
];
const CORS_EXPOSED_HEADERS = [
  'x-request-id',
  'idempotent-replayed',
  'location',
  'ratelimit',
  'ratelimit-policy',
  'retry-after',
];

async function configureHttp(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  // CORS is closed unless CORS_ORIGINS names the consoles that may call the API from a browser.
  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
  const http = app.getHttpAdapter().getInstance();
  http.addHook('onRequest', (request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    reply.header('x-request-id', request.id);
    // Answers carry money and names: no proxy or browser keeps them (Swagger's own pages aside).
    if (!request.url.startsWith('/docs')) reply.header('cache-control', 'no-store');
    done(jsonBodiesOnly(request));
  });
  // JSON and its +json variants, parsed here so that a broken body is a 400 naming the body.
  // The bytes are decoded strictly: bytes that are not UTF-8 are refused, not kept as U+FFFD.
  http.removeContentTypeParser('application/json');
  http.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(invalidInput('body', 'is not UTF-8 text', CommonErrors.MALFORMED_JSON), undefined);
      return;
    }
    try {
      done(null, text === '' ? undefined : JSON.parse(text));
    } catch {
      done(invalidInput('body', 'is not valid JSON', CommonErrors.MALFORMED_JSON), undefined);
    }
  });
  http.addHook('preValidation', (request, _reply, done) => done(screened(request)));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: UNPREFIXED_PATHS.map((path) => ({ path, method: RequestMethod.GET })),
  });
  setUpSwagger(app);
}

/** A request with a body must send JSON: a form or text body is 415, not silently ignored. */
function jsonBodiesOnly(request: HttpRequest): Error | undefined {
  const hasBody =
    request.headers['transfer-encoding'] !== undefined ||
    Number(header(request, 'content-length') ?? 0) > 0;
  const type = header(request, 'content-type');
  const json = type !== undefined && JSON_TYPE.test(type);
  return hasBody && !json ? unsupportedMediaType(type) : undefined;
}

/**
 * What no body, query or path may carry, refused before validation (input-screen.ts says why).
 * A path parameter carrying it names nothing (404, as any malformed id does), and never reaches
 * a service or the database.
 */
function screened(request: HttpRequest): Error | undefined {
  if (screenInput(request.params)) return namesNothing(pathOf(request));
  const found = screenInput(request.body) ?? screenInput(request.query);
  if (!found) return undefined;
  return found.kind === 'too-deep'
    ? invalidInput('body', `is nested deeper than ${MAX_DEPTH} levels`, CommonErrors.BODY_TOO_DEEP)
    : invalidFields([found.problem]);
}
