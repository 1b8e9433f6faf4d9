import type { NatsConnection } from 'nats';
import type pg from 'pg';
import { outboxRelaySql } from '../../../../libs/platform/src/events/outbox-relay';
import { PacedWork } from '../../../../libs/platform/src/runtime/paced-work';
import { inTransaction, run } from './pg';

/**
 * The services whose outbox the baseline writes to. Each has a copy of its outbox table of its
 * own (`baselineOutbox`): the services' relays never see the baseline's rows, nor the baseline's
 * relay theirs.
 */
export const BASELINE_OUTBOXES = [
  'tenancy',
  'valuation',
  'guarantee',
  'credit',
  'trading',
] as const;
export type OutboxOwner = (typeof BASELINE_OUTBOXES)[number];

/** The baseline's copy of a service's outbox table lives in this schema. */
export function baselineOutbox(owner: OutboxOwner): string {
  return `baseline_${owner}`;
}

/**
 * The baseline's events go to a stream of their own, made like the network's (ensureEventStream):
 * the network's consumers read only the network's.
 */
export const BASELINE_EVENTS = {
  name: 'BENCH_BASELINE_EVENTS',
  subjectRoot: 'bench.baseline.events',
};

/** An event's subject on the baseline's stream, in the network's form (eventSubject). */
export function baselineEventSubject(tenant: string, owner: OutboxOwner, type: string): string {
  return `${BASELINE_EVENTS.subjectRoot}.${tenant}.${owner}.${type}`;
}

/** The relay's constants, as the platform's OutboxRelay runs with them. */
const BATCH_SIZE = 100;
const BUSY_MS = 250;
const IDLE_MS = 5_000;

/**
 * The services' outbox relay without the framework: the same statements (outboxRelaySql) in the
 * same transaction shape, the same publishes with their acknowledgements, paced the same way
 * (PacedWork: woken by the commits that wrote an event, one batch per 250 ms at most). A write's
 * event then costs the baseline what it costs the network, beyond the outbox row itself: the
 * rows claimed and marked, each published to JetStream and stored there.
 */
export class BaselineRelay {
  private readonly paced: PacedWork;
  private readonly sql: ReturnType<typeof outboxRelaySql>;

  constructor(
    owner: OutboxOwner,
    private readonly db: pg.Pool,
    private readonly nats: NatsConnection,
  ) {
    this.sql = outboxRelaySql(baselineOutbox(owner));
    this.paced = new PacedWork(
      () => this.relayPending(),
      { busyMs: BUSY_MS, idleMs: IDLE_MS },
      (error) => process.stderr.write(`baseline relay of ${owner} failed: ${String(error)}\n`),
    );
    this.paced.start();
  }

  wake(): void {
    this.paced.wake();
  }

  stop(): Promise<void> {
    return this.paced.stop();
  }

  private async relayPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.relayBatch();
      total += sent;
      if (sent < BATCH_SIZE) return total;
    }
  }

  private relayBatch(): Promise<number> {
    const js = this.nats.jetstream();
    return inTransaction(this.db, '', false, async (c) => {
      const rows = await run<{ id: string; subject: string; envelope: Buffer }>(c, this.sql.claim, [
        BATCH_SIZE,
      ]);
      await Promise.all(
        rows.map((row) => js.publish(row.subject, row.envelope, { msgID: row.id })),
      );
      if (rows.length > 0) await run(c, this.sql.markPublished, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }
}
