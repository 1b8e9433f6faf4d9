import { EVENTS_STREAM } from '@tf/contracts';
import { databasePoolOptions, ensureEventStream } from '@tf/platform';
import { TestStack } from '@tf/testing';
import { connect, type NatsConnection } from 'nats';
import pg, { Client } from 'pg';
import { BASELINE_EVENTS, BaselineRelay, baselineEventSubject, baselineOutbox } from './relay';

/** The baseline's relay on a real PostgreSQL and a real JetStream. */
describe('BaselineRelay', () => {
  let stack: TestStack;
  let owner: Client;
  let pool: pg.Pool;
  let nc: NatsConnection;
  const schema = baselineOutbox('tenancy');

  beforeAll(async () => {
    stack = await TestStack.start('baseline_relay');
    owner = new Client({ connectionString: stack.db.ownerUrl });
    await owner.connect();
    await owner.query(`CREATE SCHEMA ${schema}`);
    // The platform's outbox, as the bench copies it for the baseline.
    await owner.query(`CREATE TABLE ${schema}.outbox (
      id uuid PRIMARY KEY, tenant_id text NOT NULL, type text NOT NULL, subject text NOT NULL,
      envelope bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz)`);
    await owner.query(
      `CREATE INDEX outbox_unpublished ON ${schema}.outbox (id) WHERE published_at IS NULL`,
    );
    pool = new pg.Pool(Object.assign({ connectionString: stack.db.ownerUrl }, databasePoolOptions));
    nc = await connect({ servers: stack.nats.url });
    await ensureEventStream(nc);
    await ensureEventStream(nc, 1, BASELINE_EVENTS);
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await pool?.end();
    await owner?.end();
    await stack?.stop();
  });

  it('publishes every row once, to its own stream, in batches, and marks them published', async () => {
    const subject = baselineEventSubject('jinan', 'tenancy', 'enterprise-registered');
    // More than two batches of 100, and one row the network's relay already published.
    await owner.query(
      `INSERT INTO ${schema}.outbox (id, tenant_id, type, subject, envelope)
       SELECT gen_random_uuid(), 'jinan', 'enterprise-registered', $1, convert_to(i::text, 'UTF8')
       FROM generate_series(1, 250) AS i`,
      [subject],
    );
    await owner.query(
      `INSERT INTO ${schema}.outbox (id, tenant_id, type, subject, envelope, published_at)
       VALUES (gen_random_uuid(), 'jinan', 'enterprise-registered', $1, '\\x00', now())`,
      [subject],
    );

    const { rows: waiting } = await owner.query<{ id: string }>(
      `SELECT id::text FROM ${schema}.outbox WHERE published_at IS NULL ORDER BY id`,
    );

    const relay = new BaselineRelay('tenancy', pool, nc);
    relay.wake();
    const deadline = Date.now() + 20_000;
    let pending = 250;
    while (pending > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { rows } = await owner.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${schema}.outbox WHERE published_at IS NULL`,
      );
      pending = rows[0]?.n ?? -1;
    }
    await relay.stop();
    expect(pending).toBe(0);

    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(BASELINE_EVENTS.name)).state.messages).toBe(250);
    // Nothing reached the network's stream, whose consumers would have handled it.
    expect((await jsm.streams.info(EVENTS_STREAM)).state.messages).toBe(0);
    // In id order, each under its row's id (a retried publish is dropped by JetStream).
    const sent: string[] = [];
    for (let seq = 1; seq <= 250; seq++) {
      const message = await jsm.streams.getMessage(BASELINE_EVENTS.name, { seq });
      expect(message.subject).toBe(subject);
      sent.push(message.header.get('Nats-Msg-Id'));
    }
    expect(sent).toEqual(waiting.map((row) => row.id));
  }, 30_000);
});
