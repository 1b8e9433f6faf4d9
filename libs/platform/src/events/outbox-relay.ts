import type { Logger } from 'pino';
import type { NatsConnection } from 'nats';
import type { TenantDatabase } from '../database/tenant-database';

/**
 * How long a published event's row is kept. Nothing reads it once JetStream has the event (the
 * stream keeps events 30 days, jetstream.ts); two days leave ops the latest sends to look at.
 * Without a purge the table grew by every event ever sent: 118 MB for tenancy after a day of the
 * bench's writes (docs/performance.md).
 */
export const PUBLISHED_EVENT_RETENTION_HOURS = 48;

/**
 * Moves committed outbox rows to JetStream. Rows are claimed with FOR UPDATE SKIP LOCKED so
 * replicas share the work without publishing a row twice at the same time; if a crash comes
 * between publish and mark, the next attempt re-publishes with the same Nats-Msg-Id and JetStream
 * drops the duplicate.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: TenantDatabase,
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
    private readonly intervalMs = 250,
    private readonly batchSize = 100,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
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

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.relayPending()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'outbox relay failed; retrying'),
        )
        .finally(() => this.schedule());
    }, this.intervalMs);
  }

  private async relayBatch(): Promise<number> {
    const js = this.nc.jetstream();
    const schema = this.db.schema;
    return this.db.transaction(undefined, async (sql) => {
      const rows: { id: string; subject: string; envelope: Buffer }[] = await sql.query(
        `SELECT id, subject, envelope FROM ${schema}.outbox WHERE published_at IS NULL
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
        { prepared: true },
      );
      // Pipelined on one connection, the publishes reach the stream in this order; each waits
      // for its acknowledgement, and the batch is marked only when all were stored.
      await Promise.all(
        rows.map((row) => js.publish(row.subject, row.envelope, { msgID: row.id })),
      );
      if (rows.length > 0) {
        await sql.query(
          `UPDATE ${schema}.outbox SET published_at = now() WHERE id = ANY($1::uuid[])`,
          [rows.map((r) => r.id)],
          { prepared: true },
        );
      }
      return rows.length;
    });
  }
}
