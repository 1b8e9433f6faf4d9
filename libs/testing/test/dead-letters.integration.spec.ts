import { create, toBinary } from '@bufbuild/protobuf';
import { Injectable, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import {
  common,
  deadLetterRpc,
  EVENTS_STREAM,
  TenancyEvents,
  tenancy,
  type ops,
} from '@tf/contracts';
import {
  defineService,
  InboxConsumer,
  LOGGER,
  NATS_CONNECTION,
  newId,
  OnEvent,
  PlatformConfig,
  PlatformMetrics,
  PlatformModule,
  ServiceClient,
  TenantDatabase,
  tenantIsolationSql,
  type EventContext,
  type RequestContext,
} from '@tf/platform';
import { AckPolicy, connect, DeliverPolicy, type JetStreamClient, type NatsConnection } from 'nats';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { staffActor } from '../src/actors';
import { rejection } from '../src/rejection';
import { TestStack } from '../src/test-stack';

/*
 * Issue 13 item 6: an event whose handler keeps failing is retried, then parked with its error
 * after EVENT_MAX_ATTEMPTS deliveries, while the events behind it flow; ops list it and replay it
 * after the fix, through the same handler and inbox (a second replay changes nothing). A
 * throwaway service with one @OnEvent handler that fails on purpose while `broken` is set.
 */

const SERVICE = 'deadletterprobe';
const DURABLE = `${SERVICE}__tenancy_enterprise-registered`;
const SUBJECT = (tenant: string) => `tf.events.${tenant}.tenancy.enterprise-registered`;

class DeadLetterProbeConfig extends PlatformConfig {
  override SERVICE_NAME = SERVICE;
}

class DeadLetterProbeNotes1796300100000 implements MigrationInterface {
  name = 'DeadLetterProbeNotes1796300100000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE ${SERVICE}.notes (id uuid PRIMARY KEY, tenant_id text NOT NULL, body text NOT NULL)`,
    );
    for (const statement of tenantIsolationSql(`${SERVICE}.notes`)) await q.query(statement);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${SERVICE}.notes`);
  }
}

/** Every call of the handler, by enterprise name; the handler fails on "Poison…" while broken. */
const calls: string[] = [];
let broken = true;

@Injectable()
class Registrations {
  @OnEvent(TenancyEvents.enterpriseRegistered)
  async registered(event: tenancy.EnterpriseRegistered, ctx: EventContext): Promise<void> {
    const name = event.enterprise?.name ?? '?';
    calls.push(name);
    await ctx.sql(`INSERT INTO ${SERVICE}.notes (id, tenant_id, body) VALUES ($1, $2, $3)`, [
      newId(),
      ctx.tenant,
      `${name}:${ctx.eventId}`,
    ]);
    if (broken && name.startsWith('Poison')) throw new Error(`cannot file ${name}`);
  }
}

@Module({})
class DeadLetterProbeModule {
  static forRoot(config: DeadLetterProbeConfig): DynamicModule {
    return {
      module: DeadLetterProbeModule,
      imports: [
        PlatformModule.forService({
          config,
          schema: SERVICE,
          entities: [],
          migrations: [DeadLetterProbeNotes1796300100000],
        }),
      ],
      providers: [Registrations],
    };
  }
}

const probe = defineService({
  name: SERVICE,
  config: DeadLetterProbeConfig,
  module: (config) => DeadLetterProbeModule.forRoot(config),
});

function envelope(id: string, tenant: string, name: string): Uint8Array {
  return toBinary(
    common.EventEnvelopeSchema,
    create(common.EventEnvelopeSchema, {
      id,
      type: 'enterprise-registered',
      tenant,
      source: 'tenancy',
      occurredAt: new Date().toISOString(),
      requestId: `req-${id}`,
      payload: toBinary(
        tenancy.EnterpriseRegisteredSchema,
        create(tenancy.EnterpriseRegisteredSchema, { enterprise: { id: newId(), tenant, name } }),
      ),
    }),
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('dead letters: retried, parked after the last attempt, listed, replayed once', () => {
  const rpc = deadLetterRpc(SERVICE);
  const admin: RequestContext = { requestId: 'ops', actor: staffActor('platform-admin') };
  let stack: TestStack;
  let app: INestApplication;
  let client: ServiceClient;
  let owner: Client;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let warn: jest.SpyInstance;

  const poison = newId();
  const healthy = [newId(), newId()];

  async function ownerRows<R>(tenant: string | null, text: string, params: unknown[] = []) {
    await owner.query('BEGIN');
    try {
      if (tenant) await owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      return (await owner.query(text, params)).rows as R[];
    } finally {
      await owner.query('COMMIT');
    }
  }
  const notesOf = (eventId: string) =>
    ownerRows<{ body: string }>('jinan', `SELECT body FROM ${SERVICE}.notes WHERE body LIKE $1`, [
      `%:${eventId}`,
    ]);
  const inboxOf = (eventId: string) =>
    ownerRows(null, `SELECT event_id FROM ${SERVICE}.inbox WHERE event_id = $1`, [eventId]);
  const list = (request: Partial<ops.ListDeadLettersRequest> = {}) =>
    client.request(rpc.list, request, admin).then((reply) => reply.items);
  const parked = (eventId: string) =>
    until(`the dead letter of ${eventId}`, async () =>
      (await list()).find((letter) => letter.eventId === eventId),
    );

  beforeAll(async () => {
    stack = await TestStack.start('deadletters');
    app = await stack.startService(probe, {
      EVENT_RETRY_BACKOFF_MS: '20',
      // The failures are on purpose; the parking line is checked through the logger itself.
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'fatal',
    });
    warn = jest.spyOn(app.get<Logger>(LOGGER), 'warn');
    client = app.get(ServiceClient);
    owner = new Client({ connectionString: stack.db.ownerUrl });
    await owner.connect();
    nc = await connect({ servers: stack.nats.url });
    js = nc.jetstream();
  });

  afterAll(async () => {
    await owner?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('keeps JetStream redelivering past the last attempt (bounded), so parking may be retried', async () => {
    const info = await (await nc.jetstreamManager()).consumers.info(EVENTS_STREAM, DURABLE);
    expect(info.config.max_deliver).toBe(5 + 120);
  });

  it('brings a consumer an earlier version made (max_deliver 20) to the new bound', async () => {
    const jsm = await nc.jetstreamManager();
    const durable = `${DURABLE}__beijing`;
    await jsm.consumers.add(EVENTS_STREAM, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: SUBJECT('beijing'),
      max_deliver: 20,
      ack_wait: 30_000_000_000,
    });
    const consumer = new InboxConsumer(
      SERVICE,
      { contract: TenancyEvents.enterpriseRegistered, handle: async () => undefined },
      app.get(TenantDatabase),
      app.get<NatsConnection>(NATS_CONNECTION),
      app.get<Logger>(LOGGER),
      ['beijing'],
      { maxAttempts: 3 },
    );
    await consumer.start();
    await consumer.stop();
    expect((await jsm.consumers.info(EVENTS_STREAM, durable)).config.max_deliver).toBe(3 + 120);
    await jsm.consumers.delete(EVENTS_STREAM, durable);
  });

  it('retries a failing event 5 times, then parks it with its error while the others flow', async () => {
    await js.publish(SUBJECT('jinan'), envelope(healthy[0]!, 'jinan', 'Healthy One Co'), {
      msgID: healthy[0],
    });
    await js.publish(SUBJECT('jinan'), envelope(poison, 'jinan', 'Poison Co'), { msgID: poison });
    await js.publish(SUBJECT('jinan'), envelope(healthy[1]!, 'jinan', 'Healthy Two Co'), {
      msgID: healthy[1],
    });

    const letter = await parked(poison);
    expect(letter).toMatchObject({
      service: SERVICE,
      tenant: 'jinan',
      consumer: DURABLE,
      eventId: poison,
      eventType: 'tenancy.enterprise-registered',
      subject: SUBJECT('jinan'),
      error: 'cannot file Poison Co',
      attempts: 5,
    });
    expect(letter.errorStack).toMatch(/^Error: cannot file Poison Co\n\s+at /);
    expect(letter.replayedAt).toBeUndefined();
    expect(Date.parse(letter.firstFailedAt)).toBeLessThanOrEqual(Date.parse(letter.parkedAt));

    // Terminated: no sixth delivery, however long we wait (the backoff is 20 ms here).
    await sleep(500);
    expect(calls.filter((name) => name === 'Poison Co')).toHaveLength(5);
    expect((await list()).filter((l) => l.eventId === poison)).toHaveLength(1);

    // Each failed attempt rolled back: no note, no inbox row. The others were handled once.
    expect(await notesOf(poison)).toEqual([]);
    expect(await inboxOf(poison)).toEqual([]);
    for (const id of healthy) {
      await until(`event ${id} handled`, async () =>
        (await inboxOf(id)).length > 0 ? true : undefined,
      );
      expect(await notesOf(id)).toHaveLength(1);
    }
    expect(calls.filter((name) => name.startsWith('Healthy'))).toHaveLength(2);

    // One warn line: the service (the logger's base field), the event, its center, why.
    expect(warn).toHaveBeenCalledWith(
      {
        consumer: DURABLE,
        eventType: 'tenancy.enterprise-registered',
        eventId: poison,
        tenant: 'jinan',
        attempts: 5,
        deadLetter: letter.id,
        error: 'cannot file Poison Co',
      },
      'event parked as a dead letter after 5 failed attempts',
    );
    expect(app.get<Logger>(LOGGER).bindings()).toEqual({ service: SERVICE });

    const metrics = await app.get(PlatformMetrics).registry.metrics();
    expect(metrics).toMatch(
      /tf_events_dead_lettered_total\{(?=[^}]*type="tenancy\.enterprise-registered")(?=[^}]*service="deadletterprobe")[^}]*\} 1\n/,
    );
  });

  it('parks an envelope that cannot be decoded too, named by its subject', async () => {
    await js.publish(SUBJECT('liaocheng'), Uint8Array.of(0x0a, 0x7f, 0x01), { msgID: newId() });
    const letter = await until('the undecodable letter', async () =>
      (await list({ tenant: 'liaocheng' })).find((l) => l.eventId === undefined),
    );
    expect(letter).toMatchObject({
      tenant: 'liaocheng',
      subject: SUBJECT('liaocheng'),
      eventType: 'tenancy.enterprise-registered',
      attempts: 5,
    });
    // Filtered by center: Jinan's letter is not among Liaocheng's.
    expect((await list({ tenant: 'liaocheng' })).map((l) => l.tenant)).toEqual(['liaocheng']);
  });

  it('lists newest parked first, for platform admins only', async () => {
    const letters = await list();
    expect(letters.map((l) => l.tenant)).toEqual(['liaocheng', 'jinan']);
    expect((await list({ limit: 1 })).map((l) => l.tenant)).toEqual(['liaocheng']);
    const refused = await rejection(
      client.request(rpc.list, {}, { requestId: 'x', actor: staffActor('center-admin') }),
    );
    expect({ status: refused.status, code: refused.code }).toEqual({
      status: 403,
      code: 'ROLE_MISSING',
    });
  });

  it('a replay that fails again is a 422 with the error, and the letter stays parked', async () => {
    const letter = await parked(poison);
    const failed = await rejection(client.request(rpc.replay, { id: letter.id }, admin));
    expect({ status: failed.status, code: failed.code, detail: failed.detail }).toEqual({
      status: 422,
      code: 'DEAD_LETTER_REPLAY_FAILED',
      detail: 'the handler failed again: cannot file Poison Co',
    });
    const still = await parked(poison);
    expect(still).toMatchObject({ id: letter.id, attempts: 6 });
    expect(still.replayedAt).toBeUndefined();
    expect(await notesOf(poison)).toEqual([]);
    expect(await inboxOf(poison)).toEqual([]);
  });

  it('after the fix, a replay handles the event once; a second replay changes nothing', async () => {
    const letter = await parked(poison);
    broken = false;
    const before = calls.length;

    const replayed = await client.request(rpc.replay, { id: letter.id }, admin);
    expect(replayed).toMatchObject({ id: letter.id, eventId: poison, attempts: 6 });
    expect(replayed.replayedAt).toEqual(expect.any(String));
    expect(calls.slice(before)).toEqual(['Poison Co']);
    expect(await notesOf(poison)).toEqual([{ body: `Poison Co:${poison}` }]);
    expect(await inboxOf(poison)).toHaveLength(1);

    const again = await client.request(rpc.replay, { id: letter.id }, admin);
    expect(again.replayedAt).toBe(replayed.replayedAt);
    expect(calls.slice(before)).toEqual(['Poison Co']);
    expect(await notesOf(poison)).toHaveLength(1);

    // Replayed letters leave the default list and stay on record.
    expect((await list()).map((l) => l.id)).not.toContain(letter.id);
    expect((await list({ includeReplayed: true })).map((l) => l.id)).toContain(letter.id);
  });

  it('a letter that does not exist, or a malformed id, is 404', async () => {
    for (const id of [newId(), 'not-a-uuid']) {
      const missing = await rejection(client.request(rpc.replay, { id }, admin));
      expect({ status: missing.status, code: missing.code }).toEqual({
        status: 404,
        code: 'DEAD_LETTER_NOT_FOUND',
      });
    }
  });

  it('lets the runtime role park, read and mark letters, never delete them', async () => {
    const [privileges] = await ownerRows<Record<string, boolean>>(
      null,
      `SELECT has_table_privilege('tf_app_${SERVICE}', '${SERVICE}.dead_letters', 'SELECT') AS can_select,
              has_table_privilege('tf_app_${SERVICE}', '${SERVICE}.dead_letters', 'INSERT') AS can_insert,
              has_table_privilege('tf_app_${SERVICE}', '${SERVICE}.dead_letters', 'UPDATE') AS can_update,
              has_table_privilege('tf_app_${SERVICE}', '${SERVICE}.dead_letters', 'DELETE') AS can_delete,
              has_table_privilege('tf_app_${SERVICE}', '${SERVICE}.dead_letters', 'TRUNCATE') AS can_truncate`,
    );
    expect(privileges).toEqual({
      can_select: true,
      can_insert: true,
      can_update: true,
      can_delete: false,
      can_truncate: false,
    });
    const runtime = new Client({ connectionString: stack.db.runtimeUrl(SERVICE) });
    await runtime.connect();
    try {
      await expect(runtime.query(`DELETE FROM ${SERVICE}.dead_letters`)).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await runtime.end();
    }
    expect(await list({ includeReplayed: true })).toHaveLength(2);
  });
});
