import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { tracer } from './tracing';

const SPAN = Symbol('tf:span');

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/**
 * A server span per HTTP request, when tracing is on (nothing is hooked when it is off). The rest
 * of the request runs with the span current, so the NATS requests it makes carry its trace in
 * their traceparent header. A client's own traceparent is continued: a trace id names no data
 * and grants nothing.
 */
export function traceHttpRequests(http: FastifyInstance, service: string): void {
  const t = tracer(service);
  if (!t) return;
  http.addHook('onRequest', (request, _reply, done) => {
    const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
    const span = t.startSpan(
      request.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method },
      },
      parent,
    );
    (request as unknown as Record<symbol, Span>)[SPAN] = span;
    context.with(trace.setSpan(parent, span), done);
  });
  // A client that went away gets no response: its span ends here instead.
  http.addHook('onRequestAbort', (request, done) => {
    spanOf(request)?.end();
    done();
  });
  http.addHook('onResponse', (request, reply, done) => {
    const span = spanOf(request);
    if (span) {
      // The route pattern, never the raw path: ids would make every span's name unique.
      const route = request.routeOptions.url ?? 'unmatched';
      span.updateName(`${request.method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}

function spanOf(request: FastifyRequest): Span | undefined {
  return (request as unknown as Record<symbol, Span | undefined>)[SPAN];
}
