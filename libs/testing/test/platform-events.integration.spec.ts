import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { common, EVENTS_STREAM, TenancyEvents, tenancy } from '@tf/contracts';
import {
  defineService,
  InboxConsumer,
  isUuid,
  loadConfig,
  LOGGER,
  NATS_CONNECTION,
  newId,
  PlatformConfig,
  PlatformModule,
  OutboxRelay,
  recordEvent,
  TenantDatabase,
  tenantIsolationSql,
  type EventContext,
  type EventSubscription,
  type Sql,
} from '@tf/platform';
import { connect, nanos, type JetStreamManager, type NatsConnection, type StoredMsg } from 'nats';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TestStack } from '../src/test-stack';

/*
 * A throwaway service that owns one tenant-owned table, so the platform's database and event
 * layers (outbox, relay, JetStream, inbox) are proven on the real PostgreSQL and NATS without
 * depending on any business service.
 */

class EventProbeConfig extends PlatformConfig {
  override SERVICE_NAME = 'eventprobe';
}

class EventProbeNotes1764200000000 implements MigrationInterface {
  name = 'EventProbeNotes1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE eventprobe.notes (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      body text NOT NULL
    )`);
    for (const statement of tenantIsolationSql('eventprobe.notes')) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE eventprobe.notes');
  }
}

@Module({})
class EventProbeModule {
  static forRoot(config: EventProbeConfig): DynamicModule {
    return {
      module: EventProbeModule,
      imports: [
        PlatformModule.forService({
          config,
          schema: 'eventprobe',
          entities: [],
          migrations: [EventProbeNotes1764200000000],
        }),
      ],
    };
  }
}

const eventProbe = defineService({
  name: 'eventprobe',
  config: EventProbeConfig,
  module: (config) => EventProbeModule.forRoot(config),
});

const SUBJECT = 'tf.events.jinan.tenancy.enterprise-registered';
const DURABLE = 'eventprobe__tenancy_enterprise-registered';

function insertNote(sql: Sql, tenant: string, body: string): Promise<unknown> {
  return sql.query('INSERT INTO eventprobe.notes (id, tenant_id, body) VALUES ($1, $2, $3)', [
    newId(),
    tenant,
    body,
  ]);
}

function registered(name: string) {
  return { enterprise: { id: newId(), tenant: 'jinan', creditCode: '91370100MA3C00000X', name } };
}

function envelopeBytes(id: string, tenant: string, name: string): Uint8Array {
  const payload = create(tenancy.EnterpriseRegisteredSchema, {
    enterprise: { id: newId(), tenant, name },
  });
  return toBinary(
    common.EventEnvelopeSchema,
    create(common.EventEnvelopeSchema, {
      id,
      type: 'enterprise-registered',
      tenant,
      source: 'tenancy',
      occurredAt: '2025-01-02T03:04:05.000Z',
      requestId: `req-${id}`,
      payload: toBinary(tenancy.EnterpriseRegisteredSchema, payload),
    }),
  );
}

function onEnterpriseRegistered(
  handle: (payload: tenancy.EnterpriseRegistered, ctx: EventContext) => Promise<void>,
): EventSubscription {
  return {
    contract: TenancyEvents.enterpriseRegistered,
    handle: handle as EventSubscription['handle'],
  } as EventSubscription;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('platform events on PostgreSQL and JetStream: outbox, relay, dedupe, inbox', () => {
  let stack: TestStack;
  let app: INestApplication;
  let db: TenantDatabase;
  let owner: Client;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  /** Reads as the owner role; FORCE row-level security still applies, so notes need the tenant. */
  async function ownerQuery<R>(tenant: string | null, sql: string, params: unknown[]) {
    await owner.query('BEGIN');
    try {
      if (tenant) await owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      const { rows } = await owner.query(sql, params);
      return rows as R[];
    } finally {
      await owner.query('COMMIT');
    }
  }

  const notesWithBody = (tenant: string, body: string) =>
    ownerQuery<{ body: string }>(tenant, 'SELECT body FROM eventprobe.notes WHERE body = $1', [
      body,
    ]);

  const outboxRow = async (id: string) =>
    (
      await ownerQuery<{
        id: string;
        tenant_id: string;
        subject: string;
        published_at: Date | null;
      }>(null, 'SELECT id, tenant_id, subject, published_at FROM eventprobe.outbox WHERE id = $1', [
        id,
      ])
    )[0];

  const inboxRows = (eventId: string) =>
    ownerQuery<{ consumer: string; event_id: string; tenant_id: string }>(
      null,
      'SELECT consumer, event_id, tenant_id FROM eventprobe.inbox WHERE event_id = $1',
      [eventId],
    );

  const storedOnSubject = async (subject: string): Promise<number> => {
    const info = await jsm.streams.info(EVENTS_STREAM, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  };

  /** The last message stored on a subject, once it is the one with this id. */
  const storedEvent = (subject: string, eventId: string) =>
    until<StoredMsg>(`event ${eventId} on ${subject}`, async () => {
      const message = await jsm.streams
        .getMessage(EVENTS_STREAM, { last_by_subj: subject })
        .catch(() => undefined);
      return message?.header.get('Nats-Msg-Id') === eventId ? message : undefined;
    });

  const commitEvent = (body: string) =>
    db.transaction('jinan', async (sql) => {
      await insertNote(sql, 'jinan', body);
      return recordEvent(
        sql,
        { schema: db.schema, tenant: 'jinan', requestId: `req-${body}` },
        TenancyEvents.enterpriseRegistered,
        registered(body),
      );
    });

  beforeAll(async () => {
    stack = await TestStack.start('platformevents');
    // The relay at rest looks by itself only every ten minutes: what goes out in these tests was
    // woken by its commit, or found by a relay of another replica's (below).
    app = await stack.startService(eventProbe, { OUTBOX_IDLE_POLL_MS: '600000' });
    db = app.get(TenantDatabase);
    owner = new Client({ connectionString: stack.db.ownerUrl });
    await owner.connect();
    nc = await connect({ servers: stack.nats.url });
    jsm = await nc.jetstreamManager();
  });

  afterAll(async () => {
    await owner?.end();
    await nc?.close();
    await stack?.stop();
  });

  describe('the service schema', () => {
    it('reads its configuration class: SERVICE_NAME and the schema it owns', () => {
      expect(loadConfig(EventProbeConfig, stack.env()).SERVICE_NAME).toBe('eventprobe');
      expect(db.schema).toBe('eventprobe');
    });

    it('gives the runtime role DML on the new table by default privileges, and nothing on the migration history', async () => {
      const [row] = await ownerQuery<Record<string, boolean>>(
        null,
        `SELECT has_table_privilege('tf_app_eventprobe', 'eventprobe.notes', 'SELECT') AS notes_select,
                has_table_privilege('tf_app_eventprobe', 'eventprobe.notes', 'INSERT') AS notes_insert,
                has_table_privilege('tf_app_eventprobe', 'eventprobe.outbox', 'INSERT') AS outbox_insert,
                has_table_privilege('tf_app_eventprobe', 'eventprobe.inbox', 'INSERT') AS inbox_insert,
                has_table_privilege('tf_app_eventprobe', 'eventprobe.migrations', 'SELECT') AS migrations_select`,
        [],
      );
      expect(row).toEqual({
        notes_select: true,
        notes_insert: true,
        outbox_insert: true,
        inbox_insert: true,
        migrations_select: false,
      });
    });

    it('keeps a Jinan note out of a Liaocheng transaction: not visible, not insertable', async () => {
      const body = `rls-${newId()}`;
      await db.transaction('jinan', (sql) => insertNote(sql, 'jinan', body));
      const seen = await db.transaction('liaocheng', (sql) =>
        sql.query('SELECT body FROM eventprobe.notes WHERE body = $1', [body]),
      );
      expect(seen).toEqual([]);
      await expect(
        db.transaction('liaocheng', (sql) => insertNote(sql, 'jinan', `smuggled-${body}`)),
      ).rejects.toThrow(/row-level security/);
      expect(await notesWithBody('jinan', body)).toEqual([{ body }]);
      expect(await notesWithBody('jinan', `smuggled-${body}`)).toEqual([]);
    });
  });

  describe('statements sent without waiting for their answer (Sql.send)', () => {
    const insertSql = 'INSERT INTO eventprobe.notes (id, tenant_id, body) VALUES ($1, $2, $3)';

    it('runs them in order, in the transaction, and commits them', async () => {
      const body = `sent-${newId()}`;
      const seenInside = await db.transaction('jinan', async (sql) => {
        sql.send(insertSql, [newId(), 'jinan', body]);
        sql.send(insertSql, [newId(), 'jinan', body]);
        return sql.query('SELECT body FROM eventprobe.notes WHERE body = $1', [body]);
      });
      expect(seenInside).toHaveLength(2);
      expect(await notesWithBody('jinan', body)).toHaveLength(2);
    });

    it('fails the transaction with the error of the sent statement, not of those after it, and keeps nothing', async () => {
      const body = `sent-twice-${newId()}`;
      const id = newId();
      await expect(
        db.transaction('jinan', async (sql) => {
          await insertNote(sql, 'jinan', body);
          sql.send(insertSql, [id, 'jinan', body]);
          sql.send(insertSql, [id, 'jinan', body]);
          // Fails only because the transaction is already aborted (25P02).
          await sql.query('SELECT count(*) FROM eventprobe.notes');
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect(await notesWithBody('jinan', body)).toEqual([]);
    });

    it('fails the transaction when the statement sent just before COMMIT fails, though PostgreSQL answers that COMMIT without an error', async () => {
      const body = `sent-last-${newId()}`;
      await expect(
        db.transaction('jinan', async (sql) => {
          await insertNote(sql, 'jinan', body);
          sql.send(insertSql, [newId(), 'liaocheng', body]);
        }),
      ).rejects.toThrow(/row-level security/);
      expect(await notesWithBody('jinan', body)).toEqual([]);
      // The connection went back to the pool clean: the next transactions commit.
      for (let i = 0; i < 12; i++) {
        await db.transaction('jinan', (sql) => insertNote(sql, 'jinan', `${body}-after-${i}`));
      }
      expect(await notesWithBody('jinan', `${body}-after-11`)).toEqual([
        { body: `${body}-after-11` },
      ]);
    });
  });

  describe('outbox', () => {
    it('loses the event together with the change when the transaction throws', async () => {
      const body = `rolled-back-${newId()}`;
      const storedBefore = await storedOnSubject(SUBJECT);
      let eventId: string | undefined;
      await expect(
        db.transaction('jinan', async (sql) => {
          await insertNote(sql, 'jinan', body);
          eventId = await recordEvent(
            sql,
            { schema: db.schema, tenant: 'jinan', requestId: 'req-a' },
            TenancyEvents.enterpriseRegistered,
            registered(body),
          );
          // Inside the transaction both rows exist...
          const inside: unknown[] = await sql.query(
            'SELECT 1 FROM eventprobe.outbox WHERE id = $1',
            [eventId],
          );
          expect(inside).toHaveLength(1);
          throw new Error('the use case failed after recording its event');
        }),
      ).rejects.toThrow('the use case failed after recording its event');

      // ...and after the rollback neither does.
      expect(isUuid(eventId!)).toBe(true);
      expect(await notesWithBody('jinan', body)).toEqual([]);
      expect(await outboxRow(eventId!)).toBeUndefined();
      expect(await app.get(PlatformModule).relayNow()).toBe(0);
      expect(await storedOnSubject(SUBJECT)).toBe(storedBefore);
    });

    it('relays a committed event to TF_EVENTS with Nats-Msg-Id = event id, then marks it published', async () => {
      const body = `committed-${newId()}`;
      const eventId = await commitEvent(body);
      expect(await notesWithBody('jinan', body)).toEqual([{ body }]);
      expect(await outboxRow(eventId)).toMatchObject({
        id: eventId,
        tenant_id: 'jinan',
        subject: SUBJECT,
      });

      const message = await storedEvent(SUBJECT, eventId);
      expect(message.subject).toBe(SUBJECT);
      expect(message.header.get('Nats-Msg-Id')).toBe(eventId);
      const envelope = fromBinary(common.EventEnvelopeSchema, message.data);
      expect({
        id: envelope.id,
        type: envelope.type,
        tenant: envelope.tenant,
        source: envelope.source,
        requestId: envelope.requestId,
      }).toEqual({
        id: eventId,
        type: 'enterprise-registered',
        tenant: 'jinan',
        source: 'tenancy',
        requestId: `req-${body}`,
      });
      expect(new Date(envelope.occurredAt).toISOString()).toBe(envelope.occurredAt);
      const payload = fromBinary(tenancy.EnterpriseRegisteredSchema, envelope.payload);
      expect(payload.enterprise?.name).toBe(body);

      const published = await until('published_at', async () => {
        const row = await outboxRow(eventId);
        return row?.published_at ?? undefined;
      });
      expect(published).toBeInstanceOf(Date);
    });

    it('tells its listeners (the relay) of each commit that recorded events, and of no other', async () => {
      let told = 0;
      db.onEventsCommitted(() => told++);
      await commitEvent(`told-${newId()}`);
      expect(told).toBe(1);
      await db.transaction('jinan', (sql) => insertNote(sql, 'jinan', `no-event-${newId()}`));
      await expect(
        db.transaction('jinan', async (sql) => {
          await recordEvent(
            sql,
            { schema: db.schema, tenant: 'jinan', requestId: 'req-rolled-back' },
            TenancyEvents.enterpriseRegistered,
            registered('rolled back'),
          );
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(told).toBe(1);
    });

    it('stores an event once when the relay publishes it again (crash between publish and mark)', async () => {
      const body = `republished-${newId()}`;
      const eventId = await commitEvent(body);
      const first = await storedEvent(SUBJECT, eventId);
      const firstMark = await until('published_at', async () => {
        const row = await outboxRow(eventId);
        return row?.published_at ?? undefined;
      });
      const storedBefore = await storedOnSubject(SUBJECT);

      // As if a replica's relay had published but died before its UPDATE committed: nothing
      // wakes this replica's relay for that row, and another replica's finds it when it looks.
      await ownerQuery(null, 'UPDATE eventprobe.outbox SET published_at = NULL WHERE id = $1', [
        eventId,
      ]);
      const replica = new OutboxRelay(db, nc, app.get(LOGGER), 200);
      replica.start();
      const secondMark = await until('published_at again', async () => {
        const row = await outboxRow(eventId);
        return row?.published_at ?? undefined;
      }).finally(() => replica.stop());

      expect(secondMark.getTime()).toBeGreaterThan(firstMark.getTime());
      expect(await storedOnSubject(SUBJECT)).toBe(storedBefore);
      const last = await jsm.streams.getMessage(EVENTS_STREAM, { last_by_subj: SUBJECT });
      expect(last.seq).toBe(first.seq);
    });
  });

  describe('JetStream', () => {
    it('was created with a de-duplication window of 10 minutes over tf.events.>', async () => {
      const info = await jsm.streams.info(EVENTS_STREAM);
      expect(info.config.subjects).toEqual(['tf.events.>']);
      expect(info.config.duplicate_window).toBe(nanos(10 * 60 * 1000));
    });

    it('stores one message when the same message id is published twice', async () => {
      const subject = 'tf.events.liaocheng.eventprobe.dedupe-probed';
      const js = nc.jetstream();
      const msgID = newId();
      const first = await js.publish(subject, new Uint8Array([1]), { msgID });
      const second = await js.publish(subject, new Uint8Array([2]), { msgID });
      expect(first.duplicate).toBe(false);
      expect(second.duplicate).toBe(true);
      expect(second.seq).toBe(first.seq);
      expect(await storedOnSubject(subject)).toBe(1);
      const stored = await jsm.streams.getMessage(EVENTS_STREAM, { last_by_subj: subject });
      expect(Array.from(stored.data)).toEqual([1]);

      const other = await js.publish(subject, new Uint8Array([3]), { msgID: newId() });
      expect(other.duplicate).toBe(false);
      expect(await storedOnSubject(subject)).toBe(2);
    });
  });

  describe('inbox', () => {
    let consumer: InboxConsumer;
    const seen: EventContext[] = [];
    let failNext = false;

    beforeAll(() => {
      consumer = new InboxConsumer(
        'eventprobe',
        onEnterpriseRegistered(async (payload, ctx) => {
          await ctx.sql('INSERT INTO eventprobe.notes (id, tenant_id, body) VALUES ($1, $2, $3)', [
            newId(),
            ctx.tenant,
            `inbox:${ctx.eventId}`,
          ]);
          seen.push(ctx);
          if (failNext) {
            failNext = false;
            throw new Error(`handler failed on ${payload.enterprise?.name ?? '?'}`);
          }
        }),
        db,
        app.get<NatsConnection>(NATS_CONNECTION),
        app.get<Logger>(LOGGER),
      );
    });

    it('names its durable consumer after the service and the event', () => {
      expect(consumer.durableName).toBe(DURABLE);
    });

    it("in dedicated mode, skips another center's event and names its consumer after its centers", async () => {
      const liaochengOnly = new InboxConsumer(
        'eventprobe',
        onEnterpriseRegistered(async () => {
          throw new Error('must not be called for a Jinan event');
        }),
        db,
        app.get<NatsConnection>(NATS_CONNECTION),
        app.get<Logger>(LOGGER),
        ['liaocheng'],
      );
      expect(liaochengOnly.durableName).toBe(`${DURABLE}__liaocheng`);
      const eventId = newId();
      await expect(
        liaochengOnly.process(envelopeBytes(eventId, 'jinan', 'Not Ours Co')),
      ).resolves.toBe(false);
      expect(await inboxRows(eventId)).toEqual([]);
    });

    it('acknowledges an event no handler is concerned with, without a transaction or an inbox row', async () => {
      const handled: string[] = [];
      const choosy = new InboxConsumer(
        'eventprobe',
        {
          ...onEnterpriseRegistered(async (payload) => {
            handled.push(payload.enterprise?.name ?? '?');
          }),
          concerns: (payload) =>
            (payload as tenancy.EnterpriseRegistered).enterprise?.name.startsWith('Ours') ?? false,
        },
        db,
        app.get<NatsConnection>(NATS_CONNECTION),
        app.get<Logger>(LOGGER),
      );
      const [theirs, ours] = [newId(), newId()];
      await expect(choosy.process(envelopeBytes(theirs, 'jinan', 'Theirs Co'))).resolves.toBe(
        false,
      );
      await expect(choosy.process(envelopeBytes(ours, 'jinan', 'Ours Co'))).resolves.toBe(true);
      expect(handled).toEqual(['Ours Co']);
      expect(await inboxRows(theirs)).toEqual([]);
      expect(await inboxRows(ours)).toHaveLength(1);
    });

    it('processes an envelope once: the second delivery is a duplicate and changes nothing', async () => {
      const eventId = newId();
      const bytes = envelopeBytes(eventId, 'jinan', 'Once Co');

      await expect(consumer.process(bytes)).resolves.toBe(true);
      await expect(consumer.process(bytes)).resolves.toBe(false);

      expect(await notesWithBody('jinan', `inbox:${eventId}`)).toEqual([
        { body: `inbox:${eventId}` },
      ]);
      expect(await inboxRows(eventId)).toEqual([
        { consumer: DURABLE, event_id: eventId, tenant_id: 'jinan' },
      ]);
      const handled = seen.filter((ctx) => ctx.eventId === eventId);
      expect(handled).toHaveLength(1);
      expect(handled[0]).toMatchObject({
        tenant: 'jinan',
        eventId,
        occurredAt: '2025-01-02T03:04:05.000Z',
        requestId: `req-${eventId}`,
      });
    });

    it("runs the handler in the event's tenant: its note is invisible to another tenant", async () => {
      const eventId = newId();
      await expect(consumer.process(envelopeBytes(eventId, 'liaocheng', 'LC Co'))).resolves.toBe(
        true,
      );
      expect(await notesWithBody('liaocheng', `inbox:${eventId}`)).toHaveLength(1);
      expect(await notesWithBody('jinan', `inbox:${eventId}`)).toEqual([]);
      expect(await inboxRows(eventId)).toEqual([
        { consumer: DURABLE, event_id: eventId, tenant_id: 'liaocheng' },
      ]);
    });

    it('leaves no inbox row and none of its writes when the handler throws, so a redelivery retries', async () => {
      const eventId = newId();
      const bytes = envelopeBytes(eventId, 'jinan', 'Flaky Co');

      failNext = true;
      await expect(consumer.process(bytes)).rejects.toThrow('handler failed on Flaky Co');
      expect(await inboxRows(eventId)).toEqual([]);
      expect(await notesWithBody('jinan', `inbox:${eventId}`)).toEqual([]);

      await expect(consumer.process(bytes)).resolves.toBe(true);
      expect(await inboxRows(eventId)).toHaveLength(1);
      expect(await notesWithBody('jinan', `inbox:${eventId}`)).toHaveLength(1);
    });

    it('receives a committed event through JetStream once started, and handles it once', async () => {
      await consumer.start();
      try {
        const body = `chain-${newId()}`;
        const eventId = await commitEvent(body);
        await until(
          'the inbox row',
          async () => ((await inboxRows(eventId)).length > 0 ? true : undefined),
          10_000,
        );
        expect(await notesWithBody('jinan', `inbox:${eventId}`)).toHaveLength(1);
        expect(seen.filter((ctx) => ctx.eventId === eventId)).toHaveLength(1);
      } finally {
        await consumer.stop();
      }
    });

    it('takes a backlog together: of 60 events waiting, the 50 not handled before are each handled once, in far fewer transactions', async () => {
      // A consumer of its own (its durable starts at the stream's beginning): everything the
      // tests above committed, and these 60, are its backlog when it starts.
      const committed: string[] = [];
      for (let i = 0; i < 60; i++) committed.push(await commitEvent(`backlog-${i}-${newId()}`));
      const batching = new InboxConsumer(
        'eventprobe-backlog',
        onEnterpriseRegistered(async (_payload, ctx) => {
          await ctx.sql(
            `INSERT INTO eventprobe.notes (id, tenant_id, body) SELECT $1, $2, 'tx:' || txid_current() || ':' || $3`,
            [newId(), ctx.tenant, ctx.eventId],
          );
        }),
        db,
        app.get<NatsConnection>(NATS_CONNECTION),
        app.get<Logger>(LOGGER),
      );
      const handled = () =>
        ownerQuery<{ body: string }>(
          'jinan',
          `SELECT body FROM eventprobe.notes WHERE body LIKE 'tx:%'`,
          [],
        );
      // Every sixth one was handled before (its inbox row is there): its lot must skip it alone.
      const before = committed.filter((_, i) => i % 6 === 0);
      await ownerQuery(
        'jinan',
        `INSERT INTO eventprobe.inbox (consumer, event_id, tenant_id)
         SELECT $1, unnest($2::uuid[]), 'jinan'`,
        [batching.durableName, before],
      );
      const expected = committed.filter((id) => !before.includes(id));
      await batching.start();
      try {
        await until(
          'the backlog handled',
          async () => {
            const notes = await handled();
            return expected.every((id) => notes.some((n) => n.body.endsWith(`:${id}`)))
              ? true
              : undefined;
          },
          15_000,
        );
      } finally {
        await batching.stop();
      }
      const notes = await handled();
      const ours = notes.filter((n) => committed.some((id) => n.body.endsWith(`:${id}`)));
      expect(ours).toHaveLength(50);
      expect(ours.filter((n) => before.some((id) => n.body.endsWith(`:${id}`)))).toEqual([]);
      const transactions = new Set(ours.map((n) => n.body.split(':')[1]));
      expect(transactions.size).toBeLessThan(20);
    });
  });
});
