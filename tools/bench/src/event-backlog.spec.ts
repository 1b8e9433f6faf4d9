import { EVENTS_STREAM, EVENTS_SUBJECT_ROOT } from '@tf/contracts';
import { ensureEventStream } from '@tf/platform';
import {
  createTestDatabase,
  dropTestDatabase,
  startTestNats,
  type TestDatabase,
  type TestNats,
} from '@tf/testing';
import { AckPolicy, connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { EventBacklogWatch } from './event-backlog';

/** What the bench waits for between runs, read from a real PostgreSQL and a real JetStream. */
describe('EventBacklogWatch', () => {
  let db: TestDatabase;
  let owner: Client;
  let nats: TestNats;
  let nc: NatsConnection;
  let watch: EventBacklogWatch;
  const subject = `${EVENTS_SUBJECT_ROOT}.jinan.probe.happened`;

  beforeAll(async () => {
    db = await createTestDatabase('backlog');
    owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    for (const schema of ['probe_a', 'probe_b']) {
      await owner.query(`CREATE SCHEMA ${schema}`);
      await owner.query(`CREATE TABLE ${schema}.outbox (id int, published_at timestamptz)`);
    }
    nats = await startTestNats();
    nc = await connect({ servers: nats.url });
    await ensureEventStream(nc);
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.add(EVENTS_STREAM, {
      durable_name: 'probe',
      ack_policy: AckPolicy.Explicit,
      filter_subject: subject,
    });
    watch = await EventBacklogWatch.open(db.ownerUrl, nats.url);
  }, 60_000);

  afterAll(async () => {
    await watch?.close();
    await nc?.close();
    await nats?.stop();
    await owner?.end();
    if (db) await dropTestDatabase(db);
  });

  it('counts unpublished outbox rows of every schema and unacked messages, then sees them gone', async () => {
    await owner.query(`INSERT INTO probe_a.outbox VALUES (1, NULL), (2, now())`);
    await owner.query(`INSERT INTO probe_b.outbox VALUES (3, NULL)`);
    const js = nc.jetstream();
    for (let i = 0; i < 3; i++) await js.publish(subject, new Uint8Array([i]));
    expect(await watch.read()).toEqual({ outbox: 2, consumers: 3 });

    const waited = await watch.untilAtRest(300);
    expect(waited.last).toEqual({ outbox: 2, consumers: 3 });

    // Published and consumed: one message delivered and not yet acked still counts.
    await owner.query(`UPDATE probe_a.outbox SET published_at = now()`);
    await owner.query(`UPDATE probe_b.outbox SET published_at = now()`);
    const consumer = await js.consumers.get(EVENTS_STREAM, 'probe');
    const batch = await consumer.fetch({ max_messages: 3, expires: 2_000 });
    const messages = [];
    for await (const message of batch) messages.push(message);
    expect(messages).toHaveLength(3);
    messages.slice(0, 2).forEach((message) => message.ack());
    await nc.flush();
    expect(await watch.read()).toEqual({ outbox: 0, consumers: 1 });

    messages[2]?.ack();
    await nc.flush();
    const rested = await watch.untilAtRest(5_000);
    expect(rested.last).toEqual({ outbox: 0, consumers: 0 });
  });
});
