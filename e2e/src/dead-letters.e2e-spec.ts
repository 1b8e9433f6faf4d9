import { join } from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import {
  common,
  eventSubject,
  GuaranteeEvents,
  ValuationEvents,
  type EventContract,
} from '@tf/contracts';
import { newId } from '@tf/platform';
import { connect } from 'nats';
import { eventually, publishEvents } from './events';
import { Api, expectProblem } from './http-client';
import { discoverServices, startNetwork, type Network } from './network';

/**
 * Issue 13 item 6, through the gateway: events a real service cannot handle are retried, parked
 * after the fifth failed delivery, listed by GET /ops/dead-letters for platform admins only, and
 * a replay while the cause is still there is a 422 problem naming it. Redeliveries wait 20 ms
 * here (EVENT_RETRY_BACKOFF_MS) so the test takes seconds.
 */

/** An event whose payload bytes are not its message at all: decoding fails on every delivery. */
async function publishGarbage(natsUrl: string, tenant: string, contract: EventContract) {
  const nc = await connect({ servers: natsUrl });
  try {
    const id = newId();
    const envelope = create(common.EventEnvelopeSchema, {
      id,
      type: contract.type,
      tenant,
      source: contract.service,
      occurredAt: new Date().toISOString(),
      requestId: id,
      // Field 1, a string of 127 bytes, of which one follows.
      payload: Uint8Array.of(0x0a, 0x7f, 0x01),
    });
    await nc
      .jetstream()
      .publish(eventSubject(tenant, contract), toBinary(common.EventEnvelopeSchema, envelope), {
        msgID: newId(),
      });
    return id;
  } finally {
    await nc.close();
  }
}

interface Letter {
  id: string;
  service: string;
  tenant: string;
  eventId: string | null;
  eventType: string;
  error: string;
  attempts: number;
  parkedAt: string;
  replayedAt: string | null;
}

describe('dead letters through the gateway', () => {
  let network: Network;
  let api: Api;
  let admin: string;
  let centerAdmin: string;
  let analyst: string;
  const enterprise = newId();
  let badAmount: string;
  let garbage: string;

  const letters = (query = '', tenant?: string) =>
    api.get(`/api/v1/ops/dead-letters${query}`, { token: admin, ...(tenant ? { tenant } : {}) });
  const letterOf = (items: Letter[], eventId: string) => items.find((l) => l.eventId === eventId);

  beforeAll(async () => {
    network = await startNetwork('deadletters', { EVENT_RETRY_BACKOFF_MS: '20' });
    api = new Api(network.gateway);
    admin = await api.token(network.admin.username, network.admin.password);
    for (const [username, role] of [
      ['jinan.ops.admin', 'center-admin'],
      ['jinan.ops.analyst', 'analyst'],
    ] as const) {
      const created = await api.post('/api/v1/users', {
        token: admin,
        tenant: 'jinan',
        body: { username, password: 'dead letters pass 1', roles: [role] },
      });
      expect(created.status).toBe(201);
    }
    centerAdmin = await api.token('jinan.ops.admin', 'dead letters pass 1');
    analyst = await api.token('jinan.ops.analyst', 'dead letters pass 1');

    const nats = network.stack.nats.url;
    // The center statistics handler (tenancy) adds the amount as a numeric: PostgreSQL refuses
    // this one inside the handler's transaction, on every delivery.
    [badAmount] = (await publishEvents(nats, 'jinan', GuaranteeEvents.approved, [
      {
        payload: {
          guaranteeId: newId(),
          enterpriseId: enterprise,
          lenderPartnerId: newId(),
          guaranteedAmount: 'not-a-number',
          institutionId: newId(),
        },
      },
    ])) as [string];
    garbage = await publishGarbage(nats, 'jinan', ValuationEvents.approved);
    // Behind them, an event the same handler can take: it is not held up.
    await publishEvents(nats, 'jinan', GuaranteeEvents.approved, [
      {
        payload: {
          guaranteeId: newId(),
          enterpriseId: enterprise,
          lenderPartnerId: newId(),
          guaranteedAmount: '300000.00',
          institutionId: newId(),
        },
      },
    ]);
  });

  afterAll(async () => {
    await network?.stack.stop();
  });

  it('parks each after its fifth failed delivery, with its error, and lists them for a platform admin', async () => {
    const reply = await eventually(
      () => letters(),
      (r) => Boolean(letterOf(r.body.items ?? [], badAmount) && letterOf(r.body.items, garbage)),
      10_000,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.unavailable).toEqual([]);
    expect(letterOf(reply.body.items, badAmount)).toMatchObject({
      service: 'tenancy',
      tenant: 'jinan',
      consumer: 'tenancy__guarantee_guarantee-approved',
      eventType: 'guarantee.guarantee-approved',
      subject: 'tf.events.jinan.guarantee.guarantee-approved',
      error: expect.stringContaining('invalid input syntax for type numeric'),
      attempts: 5,
      replayedAt: null,
    });
    expect(letterOf(reply.body.items, garbage)).toMatchObject({
      service: 'tenancy',
      eventType: 'valuation.valuation-approved',
      error: 'premature EOF',
      attempts: 5,
    });
    const parkedAt = (reply.body.items as Letter[]).map((l) => l.parkedAt);
    expect(parkedAt).toEqual([...parkedAt].sort().reverse());
  });

  it('lets the events behind them through', async () => {
    const stats = await eventually(
      () => api.get('/api/v1/stats', { token: analyst }),
      (r) => r.body?.enterprisesGuaranteed === 1,
    );
    expect(stats.body).toMatchObject({ enterprisesGuaranteed: 1, guaranteedAmount: '300000.00' });
  });

  it('filters by service, and by the center a platform admin names', async () => {
    const tenancyOnly = await letters('?service=tenancy&limit=1');
    expect(tenancyOnly.status).toBe(200);
    expect(tenancyOnly.body.items).toHaveLength(1);
    expect((await letters('?service=credit')).body.items).toEqual([]);
    expect((await letters('', 'liaocheng')).body.items).toEqual([]);
    expect((await letters('', 'jinan')).body.items.length).toBeGreaterThanOrEqual(2);
    expectProblem(await letters('?service=nobody'), 400);
    expectProblem(await letters('?limit=0'), 400);
  });

  it("is for platform admins only: a center's admin and its analyst get 403", async () => {
    for (const token of [centerAdmin, analyst]) {
      expectProblem(await api.get('/api/v1/ops/dead-letters', { token }), 403);
      const letter = letterOf((await letters()).body.items, badAmount)!;
      expectProblem(
        await api.post(`/api/v1/ops/dead-letters/tenancy/${letter.id}/replay`, { token }),
        403,
      );
    }
    expectProblem(await api.get('/api/v1/ops/dead-letters'), 401);
  });

  it('a replay while the cause is still there is a 422 problem with the error; the letter stays parked', async () => {
    const letter = letterOf((await letters()).body.items, badAmount)!;
    const reply = await api.post(`/api/v1/ops/dead-letters/tenancy/${letter.id}/replay`, {
      token: admin,
    });
    const problem = expectProblem(reply, 422);
    expect(problem.type).toBe('/problems/dead-letter-replay-failed');
    expect(problem.detail).toMatch(
      /^the handler failed again: invalid input syntax for type numeric/,
    );
    const after = letterOf((await letters()).body.items, badAmount)!;
    expect(after).toMatchObject({ id: letter.id, attempts: 6, replayedAt: null });
  });

  it('a replay by the id alone finds the service that parked it; an id no service has is 404', async () => {
    const letter = letterOf((await letters()).body.items, badAmount)!;
    const reply = await api.post(`/api/v1/ops/dead-letters/${letter.id}/replay`, {
      token: admin,
    });
    expect(expectProblem(reply, 422).type).toBe('/problems/dead-letter-replay-failed');
    const after = letterOf((await letters()).body.items, badAmount)!;
    expect(after).toMatchObject({ id: letter.id, attempts: 7, replayedAt: null });
    expectProblem(
      await api.post(`/api/v1/ops/dead-letters/${newId()}/replay`, { token: admin }),
      404,
    );
    for (const token of [analyst, centerAdmin])
      expectProblem(await api.post(`/api/v1/ops/dead-letters/${letter.id}/replay`, { token }), 403);
    expectProblem(await api.post(`/api/v1/ops/dead-letters/${letter.id}/replay`), 401);
    expectProblem(
      await api.post(`/api/v1/ops/dead-letters/${encodeURIComponent('a\u0000b')}/replay`, {
        token: admin,
      }),
      404,
    );
  });

  it('30 replays of one letter at once: each fails as it should, and the letter stays one, parked', async () => {
    const letter = letterOf((await letters()).body.items, badAmount)!;
    const replies = await Promise.all(
      Array.from({ length: 30 }, () =>
        api.post(`/api/v1/ops/dead-letters/${letter.id}/replay`, { token: admin }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(30).fill(422));
    const after = (await letters()).body.items.filter((l: Letter) => l.eventId === badAmount);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: letter.id, replayedAt: null });
    expect(after[0].attempts).toBeGreaterThanOrEqual(37);
  });

  it('a letter or service that does not exist is 404', async () => {
    expectProblem(
      await api.post(`/api/v1/ops/dead-letters/tenancy/${newId()}/replay`, { token: admin }),
      404,
    );
    expectProblem(
      await api.post(`/api/v1/ops/dead-letters/tenancy/not-an-id/replay`, { token: admin }),
      404,
    );
    const letter = letterOf((await letters()).body.items, badAmount)!;
    expectProblem(
      await api.post(`/api/v1/ops/dead-letters/nobody/${letter.id}/replay`, { token: admin }),
      404,
    );
  });

  it('asks every service the network runs (the gateway keeps none)', () => {
    // The gateway's list, loaded like the services themselves (network.ts).
    const { KNOWN_SERVICES } = require(
      join(__dirname, '..', '..', 'services', 'gateway', 'src', 'ops', 'known-services.ts'),
    ) as { KNOWN_SERVICES: readonly string[] };
    const running = discoverServices()
      .map((service) => service.name)
      .filter((name) => name !== 'gateway');
    expect([...KNOWN_SERVICES]).toEqual(running.sort());
  });

  it('documents both routes in OpenAPI', async () => {
    const doc = (await api.get('/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/ops/dead-letters',
        '/api/v1/ops/dead-letters/{service}/{id}/replay',
        '/api/v1/ops/dead-letters/{id}/replay',
      ]),
    );
  });
});
