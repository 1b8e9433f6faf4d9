import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { headers as natsHeaders } from 'nats';
import { createLogger } from '../logging/logger';
import {
  contextFromNatsHeaders,
  inSpan,
  injectIntoNatsHeaders,
  SpanKind,
  startTracing,
  tracer,
} from './tracing';

describe('tracing, on', () => {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({ service: 'probe', exporter, batch: false });

  afterAll(() => tracing.shutdown());

  it('carries a span across NATS headers as a W3C traceparent', async () => {
    const t = tracer('probe')!;
    const headers = natsHeaders();
    await inSpan(t, { name: 'caller', kind: SpanKind.CLIENT }, ROOT_CONTEXT, async (span) => {
      injectIntoNatsHeaders(span, headers);
      expect(headers.get('traceparent')).toBe(
        `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
      );
    });
    const continued = trace.getSpanContext(contextFromNatsHeaders(headers));
    const [caller] = exporter.getFinishedSpans();
    expect(continued?.traceId).toBe(caller?.spanContext().traceId);
    expect(continued?.spanId).toBe(caller?.spanContext().spanId);
    expect(trace.getSpanContext(contextFromNatsHeaders(natsHeaders()))).toBeUndefined();
  });

  it("adds the current span's trace and span ids to every log line", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('probe', 'info', {
      write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    let ids: { traceId: string; spanId: string } | undefined;
    await inSpan(
      tracer('probe')!,
      { name: 'handler', kind: SpanKind.SERVER },
      ROOT_CONTEXT,
      async (span) => {
        ids = span.spanContext();
        await new Promise((resolve) => setTimeout(resolve, 1));
        logger.info('inside, after an await');
      },
    );
    logger.info('outside');
    expect(lines[0]).toMatchObject({ traceId: ids?.traceId, spanId: ids?.spanId });
    expect(lines[1]).not.toHaveProperty('traceId');
  });
});
