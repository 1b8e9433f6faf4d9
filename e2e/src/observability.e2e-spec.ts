import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { GuaranteeEvents } from '@tf/contracts';
import { newId, startTracing, type Tracing } from '@tf/platform';
import { publishEvents } from './events';
import { Api, expectProblem } from './http-client';
import { startNetwork, type Network } from './network';

/**
 * Observability of the whole network, in this process: one trace from the gateway's HTTP span
 * through the NATS request to the service's handler, and the RED metrics and backlog gauges on
 * each service's management port. (That no SDK starts without OTEL_EXPORTER_OTLP_ENDPOINT, and
 * pg's spans, are proven in a process of their own: tracing.e2e-spec.ts.)
 */
describe('observability', () => {
  let network: Network;
  let api: Api;
  let tracing: Tracing;
  const spans = new InMemorySpanExporter();

  beforeAll(async () => {
    // Before the network: the services' clients and handlers see tracing on as they are built.
    tracing = startTracing({ service: 'e2e', exporter: spans, batch: false });
    // Retries 20 ms apart: a failing event reaches its dead letter within the test.
    network = await startNetwork('observability', { EVENT_RETRY_BACKOFF_MS: '20' });
    api = new Api(network.gateway);
  });

  afterAll(async () => {
    await network?.stack.stop();
    await tracing?.shutdown();
  });

  async function metrics(service: string): Promise<string> {
    const reply = await fetch(`${network.management(service)}/metrics`);
    expect(reply.status).toBe(200);
    return reply.text();
  }

  /** The value of a sample line, by its name and labels as Prometheus writes them. */
  function sample(text: string, name: string, ...labels: string[]): number | undefined {
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  }

  async function eventually<T>(read: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error('not seen in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('traces one login from the HTTP request through NATS to the handler, under one trace id', async () => {
    spans.reset();
    const login = await api.post('/api/v1/auth/token', {
      body: { username: network.admin.username, password: network.admin.password },
    });
    expect(login.status).toBe(200);
    const done = await eventually(async () => {
      const found = spans.getFinishedSpans();
      return found.some((s) => s.name === 'POST /api/v1/auth/token') ? found : undefined;
    });
    const http = only(done, (s) => s.name === 'POST /api/v1/auth/token');
    expect(http.kind).toBe(SpanKind.SERVER);
    expect(http.instrumentationScope.name).toBe('tf.gateway');
    expect(http.attributes['http.response.status_code']).toBe(200);
    const trace = http.spanContext().traceId;
    const inTrace = done.filter((s) => s.spanContext().traceId === trace);
    const client = only(
      inTrace,
      (s) => s.kind === SpanKind.CLIENT && s.name.startsWith('tf.tenancy.'),
    );
    expect(client.instrumentationScope.name).toBe('tf.gateway');
    expect(client.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    const handler = only(inTrace, (s) => s.kind === SpanKind.SERVER && s.name === client.name);
    expect(handler.instrumentationScope.name).toBe('tf.tenancy');
    expect(handler.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(handler.attributes['tf.outcome']).toBeUndefined();
  });

  it("continues a caller's traceparent and marks a refused NATS request with its status", async () => {
    spans.reset();
    const caller = '4bf92f3577b34da6a3ce929d0e0e4736';
    const refused = await api.post('/api/v1/auth/token', {
      body: { username: network.admin.username, password: 'not the password at all' },
      headers: { traceparent: `00-${caller}-00f067aa0ba902b7-01` },
    });
    expectProblem(refused, 401);
    const done = await eventually(async () => {
      const found = spans.getFinishedSpans().filter((s) => s.spanContext().traceId === caller);
      return found.some((s) => s.kind === SpanKind.SERVER && s.name.startsWith('tf.'))
        ? found
        : undefined;
    });
    const http = only(done, (s) => s.name === 'POST /api/v1/auth/token');
    expect(http.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    const handler = only(done, (s) => s.kind === SpanKind.SERVER && s.name.startsWith('tf.'));
    expect(handler.attributes['tf.outcome']).toBe('401');
  });

  it("counts the gateway's NATS requests by subject and outcome, errors apart", async () => {
    const text = await metrics('gateway');
    // The logins above: answered, and refused by tenancy with its status.
    const ok = sample(
      text,
      'tf_rpc_client_duration_seconds_count',
      'subject="tf.tenancy.',
      'outcome="ok"',
    );
    const refused = sample(
      text,
      'tf_rpc_client_duration_seconds_count',
      'subject="tf.tenancy.',
      'outcome="401"',
    );
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(refused).toBeGreaterThanOrEqual(1);
    // And the HTTP side by route and status.
    expect(
      sample(
        text,
        'tf_http_request_duration_seconds_count',
        'route="/api/v1/auth/token"',
        'status="401"',
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts a NATS request nobody answers as its own outcome', async () => {
    // Valuation gone: the gateway's request finds no responders (503), counted as such.
    await network.stack.stopService('valuation');
    const admin = await api.token(network.admin.username, network.admin.password);
    const reply = await api.get('/api/v1/valuations', { token: admin, tenant: 'jinan' });
    expectProblem(reply, 503);
    const text = await metrics('gateway');
    expect(
      sample(
        text,
        'tf_rpc_client_duration_seconds_count',
        'subject="tf.valuation.',
        'outcome="no_responders"',
      ),
    ).toBe(1);
  });

  it('shows the events each consumer handled, its pending messages and the outbox backlog', async () => {
    // The centers seeded at start are tenant-created events, which the credit service consumes.
    const text = await eventually(async () => {
      const t = await metrics('credit');
      const handled = sample(
        t,
        'tf_event_handling_duration_seconds_count',
        'type="tenancy.tenant-created"',
        'outcome="ok"',
      );
      return handled !== undefined && handled > 0 ? t : undefined;
    });
    const consumer = /consumer="(credit__tenancy_tenant-created[^"]*)"/.exec(text)?.[1];
    expect(consumer).toBeDefined();
    expect(
      sample(text, 'tf_jetstream_consumer_pending', `consumer="${consumer}"`),
    ).toBeGreaterThanOrEqual(0);
    expect(
      sample(text, 'tf_jetstream_consumer_ack_pending', `consumer="${consumer}"`),
    ).toBeGreaterThanOrEqual(0);
    const tenancy = await metrics('tenancy');
    expect(tenancy).toMatch(/^tf_outbox_unpublished\{service="tenancy"\} \d+$/m);
    expect(tenancy).toMatch(
      /^tf_outbox_oldest_unpublished_age_seconds\{service="tenancy"\} [\d.e+-]+$/m,
    );
  });

  it('counts a failing event as retried at each attempt, then dead-lettered', async () => {
    // Tenancy's center statistics add the amount as a numeric: PostgreSQL refuses this one on
    // every delivery (the dead-letters e2e uses the same event).
    await publishEvents(network.stack.nats.url, 'jinan', GuaranteeEvents.approved, [
      {
        payload: {
          guaranteeId: newId(),
          enterpriseId: newId(),
          lenderPartnerId: newId(),
          guaranteedAmount: 'not-a-number',
          institutionId: newId(),
        },
      },
    ]);
    const type = 'type="guarantee.guarantee-approved"';
    const text = await eventually(async () => {
      const t = await metrics('tenancy');
      return sample(t, 'tf_event_handling_duration_seconds_count', type, 'outcome="dead_lettered"')
        ? t
        : undefined;
    }, 20_000);
    expect(
      sample(text, 'tf_event_handling_duration_seconds_count', type, 'outcome="dead_lettered"'),
    ).toBe(1);
    // EVENT_MAX_ATTEMPTS is 5: four deliveries handed back, the fifth parked.
    expect(
      sample(text, 'tf_event_handling_duration_seconds_count', type, 'outcome="retried"'),
    ).toBe(4);
    expect(sample(text, 'tf_events_dead_lettered_total', type)).toBe(1);
  });
});

function only(spans: ReadableSpan[], which: (span: ReadableSpan) => boolean): ReadableSpan {
  const found = spans.filter(which);
  if (found.length !== 1)
    throw new Error(
      `expected one span, found ${found.length}: ${spans.map((s) => s.name).join(', ')}`,
    );
  return found[0]!;
}
