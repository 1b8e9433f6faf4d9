import type { Logger } from 'pino';
import type { NatsConnection } from 'nats';
import type { TenantDatabase } from '../database/tenant-database';
import { PacedWork } from '../runtime/paced-work';

/**
 * How long a published event's row is kept. Nothing reads it once JetStream has the event (the
 * stream keeps events 30 days, jetstream.ts); two days leave ops the latest sends to look at.
 * Without a purge the table grew by every event ever sent: 118 MB for tenancy after a day of the
 * bench's writes (docs/performance.md).
 */
export const PUBLISHED_EVENT_RETENTION_HOURS = 48;

/**
 * How often an outbox relay sends. Busy, one batch per 250 ms at most, so events that commit
 * close together go out together. At rest it is woken by its own service's commits and looks by
 * itself only every OUTBOX_IDLE_POLL_MS, for rows it was not told of (another replica's, left by
 * a crash). Looking every 250 ms at rest had been 28 transactions a second across seven services:
 * 18-24 ms of CPU a second in each and 31 ms in PostgreSQL, doing nothing (docs/performance.md).
 */
export const RELAY_BUSY_MS = 250;

/**
 * The relay's statements on a service's outbox: the pending rows claimed in id order (skipping
 * rows another replica holds), then marked once JetStream has stored them. The bench's baseline
 * runs the same texts on its own outboxes.
 */
export function outboxRelaySql(schema: string): { claim: string; markPublished: string } {
  return {
    claim: `SELECT id, subject, envelope FROM ${schema}.outbox WHERE published_at IS NULL
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    markPublished: `UPDATE ${schema}.outbox SET published_at = now() WHERE id = ANY($1::uuid[])`,
  };
}

/**
 * Moves committed outbox rows to JetStream. Rows are claimed with FOR UPDATE SKIP LOCKED so
 * replicas share the work without publishing a row twice at the same time; if a crash comes
 * between publish and mark, the next attempt re-publishes with the same Nats-Msg-Id and JetStream
 * drops the duplicate.
 */
export class OutboxRelay {
  private readonly paced: PacedWork;
  private readonly sql: ReturnType<typeof outboxRelaySql>;

  constructor(
    private readonly db: TenantDatabase,
    private readonly nc: NatsConnection,
    logger: Logger,
    idlePollMs: number,
    private readonly batchSize = 100,
  ) {
    this.paced = new PacedWork(
      () => this.relayPending(),
      { busyMs: RELAY_BUSY_MS, idleMs: idlePollMs },
      (error) => logger.warn({ err: error }, 'outbox relay failed; retrying'),
    );
    this.sql = outboxRelaySql(db.schema);
  }

  start(): void {
    this.paced.start();
  }

  stop(): Promise<void> {
    return this.paced.stop();
  }

  /** Events were committed: relay them soon. */
  wake(): void {
    this.paced.wake();
  }

  /** Relays everything pending now; returns how many events went out. */
  async relayPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.relayBatch();
      total += sent;
      if (sent < this.batchSize) return total;
    }
  }

  /** Deletes the rows published more than PUBLISHED_EVENT_RETENTION_HOURS ago; how many went. */
  async purgePublished(): Promise<number> {
    const rows = await this.db.transaction(undefined, (sql) =>
      sql.query<{ purged: number }>(
        `WITH gone AS (DELETE FROM ${this.db.schema}.outbox
           WHERE published_at < now() - make_interval(hours => $1) RETURNING 1)
         SELECT count(*)::integer AS purged FROM gone`,
        [PUBLISHED_EVENT_RETENTION_HOURS],
      ),
    );
    return rows[0]?.purged ?? 0;
  }

  private async relayBatch(): Promise<number> {
    const js = this.nc.jetstream();
    return this.db.transaction(undefined, async (sql) => {
      const rows: { id: string; subject: string; envelope: Buffer }[] = await sql.query(
        this.sql.claim,
        [this.batchSize],
        { prepared: true },
      );
      // Pipelined on one connection, the publishes reach the stream in this order; each waits
      // for its acknowledgement, and the batch is marked only when all were stored.
      await Promise.all(
        rows.map((row) => js.publish(row.subject, row.envelope, { msgID: row.id })),
      );
      if (rows.length > 0) {
        await sql.query(this.sql.markPublished, [rows.map((r) => r.id)], { prepared: true });
      }
      return rows.length;
    });
  }
}
