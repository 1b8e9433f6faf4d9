import { EVENTS_STREAM } from '@tf/contracts';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';

/** Events the network still owes: outbox rows not yet published, JetStream messages not yet acked. */
export interface EventBacklog {
  outbox: number;
  /** num_pending + num_ack_pending over every durable consumer of the events stream. */
  consumers: number;
}

/**
 * A write's events are handled after its answer: a run at saturation leaves thousands behind, and
 * the consumers working them off in the next run take CPU from whoever runs then (the baseline
 * measured next, or the network's own fixed-rate run). So each run starts from a network at rest,
 * and measures the events of its own load only.
 */
export class EventBacklogWatch {
  private constructor(
    private readonly db: Client,
    private readonly nats: NatsConnection,
    private readonly outboxes: string[],
  ) {}

  static async open(ownerUrl: string, natsUrl: string): Promise<EventBacklogWatch> {
    const db = new Client({ connectionString: ownerUrl });
    await db.connect();
    const { rows } = await db.query<{ schema: string }>(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'outbox'`,
    );
    const nats = await connect({ servers: natsUrl, name: 'bench-backlog' });
    return new EventBacklogWatch(db, nats, rows.map((row) => row.schema).sort());
  }

  async read(): Promise<EventBacklog> {
    const [outbox, consumers] = await Promise.all([this.outboxRows(), this.consumerBacklog()]);
    return { outbox, consumers };
  }

  /** Waits until nothing is owed; gives up (and says so) after `timeoutMs`. */
  async untilAtRest(
    timeoutMs = 180_000,
  ): Promise<{ waitedMs: number; first: EventBacklog; last: EventBacklog }> {
    const started = Date.now();
    const first = await this.read();
    let last = first;
    while (last.outbox + last.consumers > 0 && Date.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      last = await this.read();
    }
    return { waitedMs: Date.now() - started, first, last };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.db.end(), this.nats.close()]);
  }

  private async outboxRows(): Promise<number> {
    if (this.outboxes.length === 0) return 0;
    const union = this.outboxes
      .map((schema) => `SELECT count(*) AS n FROM ${schema}.outbox WHERE published_at IS NULL`)
      .join(' UNION ALL ');
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT sum(n)::text AS n FROM (${union}) o`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  private async consumerBacklog(): Promise<number> {
    const jsm = await this.nats.jetstreamManager();
    let owed = 0;
    for await (const info of jsm.consumers.list(EVENTS_STREAM))
      owed += info.num_pending + info.num_ack_pending;
    return owed;
  }
}
