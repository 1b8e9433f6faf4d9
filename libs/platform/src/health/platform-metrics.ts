import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one service. Each application has its own registry (not prom-client's
 * global one), so several services can run in one process, as they do in the end-to-end tests.
 */
export class PlatformMetrics {
  readonly registry = new Registry();

  readonly rpcDuration = new Histogram({
    name: 'tf_rpc_duration_seconds',
    help: 'Time to handle a NATS request, by subject and outcome (ok or the error status)',
    labelNames: ['subject', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
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
    collectDefaultMetrics({ register: this.registry });
  }
}
