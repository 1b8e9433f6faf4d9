import { EVENTS_STREAM } from '@tf/contracts';
import type { JetStreamManager, NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import type { TenantDatabase } from '../database/tenant-database';
import type { PlatformMetrics } from './platform-metrics';

/** How long a scrape's JetStream figures are reused: a scrape storm asks NATS once per window. */
export const CONSUMER_INFO_TTL_MS = 5_000;
/** The outbox's: its two gauges are one query, and a storm of scrapes one query a second. */
const OUTBOX_TTL_MS = 1_000;

interface ConsumerFigures {
  durable: string;
  pending: number;
  ackPending: number;
}

/**
 * The backlogs, read when Prometheus scrapes (never on a timer): the outbox rows not yet relayed
 * and the age of the oldest (one query on the partial index outbox_unpublished), and each durable
 * consumer's messages not yet delivered and delivered but not acknowledged (JetStream's consumer
 * info). Each read is reused for a short while, so a scrape storm costs little. A figure that
 * cannot be read is left out of that scrape (and logged) rather than failing all of /metrics.
 */
export class BacklogGauges {
  private jsm: Promise<JetStreamManager> | undefined;

  constructor(
    metrics: PlatformMetrics,
    private readonly db: TenantDatabase,
    private readonly nats: NatsConnection,
    /** The service's durable consumers (known once its inbox consumers started). */
    private readonly durables: () => string[],
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    const outbox = reusedFor(OUTBOX_TTL_MS, now, () => this.outbox());
    const consumers = reusedFor(CONSUMER_INFO_TTL_MS, now, () => this.readConsumers());
    new Gauge({
      name: 'tf_outbox_unpublished',
      help: 'Outbox rows committed and not yet published to JetStream',
      registers: [metrics.registry],
      collect: async function () {
        const figures = await outbox();
        if (figures) this.set(figures.rows);
        else this.reset();
      },
    });
    new Gauge({
      name: 'tf_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest outbox row not yet published (0 when none)',
      registers: [metrics.registry],
      collect: async function () {
        const figures = await outbox();
        if (figures) this.set(figures.age);
        else this.reset();
      },
    });
    new Gauge({
      name: 'tf_jetstream_consumer_pending',
      help: "Messages of a durable consumer's subject not yet delivered to it (num_pending)",
      labelNames: ['consumer'] as const,
      registers: [metrics.registry],
      collect: async function () {
        this.reset();
        for (const c of await consumers()) this.set({ consumer: c.durable }, c.pending);
      },
    });
    new Gauge({
      name: 'tf_jetstream_consumer_ack_pending',
      help: 'Messages delivered to a durable consumer and not yet acknowledged (num_ack_pending)',
      labelNames: ['consumer'] as const,
      registers: [metrics.registry],
      collect: async function () {
        this.reset();
        for (const c of await consumers()) this.set({ consumer: c.durable }, c.ackPending);
      },
    });
  }

  private async outbox(): Promise<{ rows: number; age: number } | undefined> {
    try {
      const [row] = await this.db.transaction(undefined, (sql) =>
        sql.query<{ rows: number; age: number | null }>(
          `SELECT count(*)::int AS rows,
                  COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age
             FROM ${this.db.schema}.outbox WHERE published_at IS NULL`,
          [],
          { prepared: true },
        ),
      );
      return { rows: row?.rows ?? 0, age: row?.age ?? 0 };
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox backlog could not be read for /metrics');
      return undefined;
    }
  }

  private async readConsumers(): Promise<ConsumerFigures[]> {
    const durables = this.durables();
    if (durables.length === 0) return [];
    this.jsm ??= this.nats.jetstreamManager();
    const jsm = await this.jsm;
    const read = await Promise.all(
      durables.map((durable) =>
        jsm.consumers.info(EVENTS_STREAM, durable).then(
          (info) => ({ durable, pending: info.num_pending, ackPending: info.num_ack_pending }),
          (error: unknown) => {
            this.logger.warn(
              { err: error, consumer: durable },
              'consumer info unreadable for /metrics',
            );
            return undefined;
          },
        ),
      ),
    );
    return read.filter((figures) => figures !== undefined);
  }
}

/** `read`, its answer reused for `ttlMs` (a failed read is reused too: it said why once). */
function reusedFor<T>(ttlMs: number, now: () => number, read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; answer: Promise<T> } | undefined;
  return () => {
    const at = now();
    if (!last || at - last.at >= ttlMs) last = { at, answer: read() };
    return last.answer;
  };
}
