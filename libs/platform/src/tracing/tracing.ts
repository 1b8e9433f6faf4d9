import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
} from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { MsgHdrs } from 'nats';

/**
 * OpenTelemetry traces, HTTP → NATS headers → handler → PostgreSQL, off unless
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. Off, nothing of the SDK is loaded and no span is made: the
 * platform asks `tracer()` and skips its spans when it is undefined, so a request pays one
 * comparison; the API stays its no-op. On, the SDK is loaded and registered with the
 * AsyncLocalStorage context manager (what carries a span through awaits to pg's spans: a cost
 * accepted only then, see docs/performance.md on AsyncLocalStorage), the W3C traceparent
 * propagator, a batch exporter over OTLP/HTTP and pg's instrumentation.
 */
export interface Tracing {
  /** Exports what is still buffered, then stops (the last step of a shutdown). */
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

let active: { tracing: Tracing; tracerFor: (name: string) => Tracer } | undefined;

/** The tracer the platform's spans are made with, or undefined when tracing is off. */
export function tracer(name: string): Tracer | undefined {
  return active?.tracerFor(name);
}

export function tracingEnabled(): boolean {
  return active !== undefined;
}

/** Starts tracing when the environment names an OTLP endpoint; otherwise leaves it off. */
export function startTracingFromEnv(env: NodeJS.ProcessEnv, service: string): Tracing | undefined {
  if (!env['OTEL_EXPORTER_OTLP_ENDPOINT'] && !env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) {
    return undefined;
  }
  // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT and _HEADERS itself.
  // Loaded only when on.
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as {
    OTLPTraceExporter: new () => SpanExporter;
  };
  return startTracing({ service, exporter: new OTLPTraceExporter(), batch: true });
}

/**
 * Starts the SDK once per process (a second call returns the running one). `batch: false` exports
 * each span as it ends (tests with an in-memory exporter).
 */
export function startTracing(options: {
  service: string;
  exporter: SpanExporter;
  batch?: boolean;
}): Tracing {
  if (active) return active.tracing;
  // The SDK is loaded only when tracing is on.
  const sdk =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const provider = new sdk.NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service }),
    spanProcessors: [
      options.batch === false
        ? new sdk.SimpleSpanProcessor(options.exporter)
        : new sdk.BatchSpanProcessor(options.exporter),
    ],
  });
  // Global context manager (AsyncLocalStorage) and the W3C traceparent propagator.
  provider.register();
  const pg = new PgInstrumentation({ requireParentSpan: true });
  pg.setTracerProvider(provider);
  pg.enable();
  // pg may have been loaded before tracing started (the service's imports): requiring it again
  // lets the instrumentation patch its client's prototype, which every pool shares.
  require('pg');
  const tracing: Tracing = {
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      pg.disable();
      await provider.shutdown();
    },
  };
  active = { tracing, tracerFor: (name) => provider.getTracer(`tf.${name}`) };
  return tracing;
}

/** What a span is called and tagged with by the platform. */
export interface SpanStart {
  name: string;
  kind: SpanKind;
  attributes?: Attributes;
}

/**
 * Runs `work` in a new span, child of `parent`, current for everything it awaits (its calls to
 * other services, its queries); the span ends with the work, in error if the work threw.
 */
export async function inSpan<T>(
  t: Tracer,
  start: SpanStart,
  parent: Context,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = t.startSpan(start.name, { kind: start.kind, attributes: start.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
    throw error;
  } finally {
    span.end();
  }
}

const natsGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => (carrier ? carrier.keys() : []),
  get: (carrier, key) => carrier?.get(key) || undefined,
};

const natsSetter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.append(key, value),
};

/** The trace a NATS message continues (its traceparent header), or the root. */
export function contextFromNatsHeaders(headers: MsgHdrs | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, headers, natsGetter);
}

/** Writes the span's traceparent into a message's headers. */
export function injectIntoNatsHeaders(span: Span, headers: MsgHdrs): void {
  propagation.inject(trace.setSpan(context.active(), span), headers, natsSetter);
}

/** For log lines: the current span's trace and span ids, when tracing is on and a span is current. */
export function traceFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export { SpanKind, SpanStatusCode };
