import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** How an event delivery ended: handled, handed back to be delivered again, or parked. */
export type EventOutcome = 'ok' | 'retried' | 'dead_lettered';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Prometheus metrics of one service. Each application has its own registry (not prom-client's
 * global one), so several services can run in one process, as they do in the end-to-end tests.
 * RED per route and per subject: each histogram's _count is the rate, its error outcomes or
 * statuses the errors, its buckets the duration (docs/reliability.md, "Observability").
 * The backlog gauges (outbox, JetStream consumers) are added by BacklogGauges.
 */
export class PlatformMetrics {
  readonly registry = new Registry();

  readonly rpcDuration = new Histogram({
    name: 'tf_rpc_duration_seconds',
    help: 'Time to handle a NATS request, by subject and outcome (ok or the error status)',
    labelNames: ['subject', 'outcome'] as const,
    buckets: BUCKETS,
    registers: [this.registry],
  });

  /**
   * The caller's side of the same requests: what the gateway (or a service calling another)
   * waited, including NATS and the queue at the other end. A timeout, no responders or a lost
   * connection is an outcome of its own, so they are counted where the server side never sees them.
   */
  readonly rpcClientDuration = new Histogram({
    name: 'tf_rpc_client_duration_seconds',
    help: 'Time waited for a reply to a NATS request, by subject and outcome (ok, the error status, timeout, no_responders, unreachable)',
    labelNames: ['subject', 'outcome'] as const,
    buckets: [...BUCKETS, 5, 10],
    registers: [this.registry],
  });

  /** Each event delivery an inbox consumer finished with, and how long its handling took. */
  readonly eventHandling = new Histogram({
    name: 'tf_event_handling_duration_seconds',
    help: "Time to handle an event delivery (a batch's time shared by its events), by consumer, event type and outcome (ok, retried, dead_lettered)",
    labelNames: ['consumer', 'type', 'outcome'] as const,
    buckets: BUCKETS,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'tf_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /** Events parked after their handler failed too many times (the service is a default label). */
  readonly deadLettered = new Counter({
    name: 'tf_events_dead_lettered_total',
    help: 'Events parked as dead letters after their handler failed too many times, by event type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    // The event-loop delay histogram samples on a timer: prom-client's 10 ms default woke every
    // process 100 times a second, 3.8 ms of CPU a second in a bare `node` at rest; at 50 ms,
    // 1.6 ms. A stall of 50 ms or more is still seen whenever it happens.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 50 });
  }
}
