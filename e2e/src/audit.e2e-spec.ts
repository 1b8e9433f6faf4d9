import { validCreditCode } from '@tf/testing';
import { withDatabase } from '@tf/platform';
import { Client } from 'pg';
import { Api, expectProblem, partnerWithKey, staffToken } from './http-client';
import { startNetwork, type Network } from './network';

/**
 * The audit trail (issue 14, item 6) through the gateway: a bank's writes, a rival bank's refused
 * write on the first bank's loan, logins good and bad, each on record with who, center, route,
 * target and result; read by the center's auditor and by nobody of another center; closed to keys
 * and to the anonymous; and not lost when the gateway stops.
 */
const PASSPHRASE = 'a long and private passphrase';

type Bank = Awaited<ReturnType<typeof partnerWithKey>>;

describe('audit trail: GET /api/v1/audit', () => {
  let network: Network;
  let api: Api;
  let admin: string;
  let jinanAuditor: string;
  let liaochengAuditor: string;
  let analyst: string;
  let jinanAdmin: string;
  let bankA: Bank;
  let bankB: Bank;
  let enterpriseId: string;
  let applicationId: string;
  let loanId: string;
  /** Ids of this run's calls, sent as x-request-id so each row is found by it. */
  const run = `audit-${Date.now()}`;
  const rid = (name: string) => ({ 'x-request-id': `${run}-${name}` });

  beforeAll(async () => {
    network = await startNetwork('audit');
    api = new Api(network.gateway);
    admin = await api.token(network.admin.username, network.admin.password);
    jinanAdmin = await staff('jinan', 'jinan.audit.admin', ['center-admin']);
    jinanAuditor = await staff('jinan', 'jinan.auditor', ['auditor']);
    liaochengAuditor = await staff('liaocheng', 'liaocheng.auditor', ['auditor']);
    analyst = await staff('jinan', 'jinan.audit.analyst', ['analyst']);
    bankA = await bank('jinan');
    bankB = await bank('jinan');

    // Bank A's writes: an SME registered, a credit loan applied for (approved at once).
    const registered = await api.post('/api/v1/enterprises', {
      apiKey: bankA.key,
      headers: rid('register'),
      body: { creditCode: validCreditCode(), name: '济南量子芯片科技有限公司' },
    });
    expect(registered.status).toBe(201);
    enterpriseId = registered.body.id;
    const applied = await api.post('/api/v1/loan-applications', {
      apiKey: bankA.key,
      headers: { ...rid('apply'), 'idempotency-key': `${run}-apply` },
      body: {
        enterpriseId,
        productCode: 'credit',
        principal: '100000',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
      },
    });
    expect(applied.status).toBe(201);
    expect(applied.body.status).toBe('approved');
    applicationId = applied.body.id;
    loanId = applied.body.loanId;
    // Bank B, a rival bank of the same center, tries to disburse bank A's loan: 404.
    const refused = await api.post(`/api/v1/loans/${loanId}/disbursements`, {
      apiKey: bankB.key,
      headers: { ...rid('rival'), 'idempotency-key': `${run}-rival` },
      body: { disbursedOn: new Date().toISOString().slice(0, 10) },
    });
    expectProblem(refused, 404);
    // A malformed write is a refusal too (400 naming the field).
    expectProblem(
      await api.post('/api/v1/enterprises', {
        apiKey: bankA.key,
        headers: rid('invalid'),
        body: { creditCode: 'not a credit code', name: '济南光电传感有限公司' },
      }),
      400,
    );
    // A login, and one with a wrong password.
    const login = await api.post('/api/v1/auth/token', {
      headers: rid('login'),
      body: { username: 'jinan.audit.analyst', password: PASSPHRASE },
    });
    expect(login.status).toBe(200);
    expectProblem(
      await api.post('/api/v1/auth/token', {
        headers: rid('bad-login'),
        body: { username: 'jinan.audit.analyst', password: 'not the passphrase at all' },
      }),
      401,
    );
  });

  afterAll(async () => {
    await network?.stack.stop();
  });

  const staff = (tenant: string, username: string, roles: string[]) =>
    staffToken(api, admin, tenant, { username, password: PASSPHRASE, roles });
  const bank = (tenant: string) => partnerWithKey(api, admin, tenant, 'bank');

  /** This run's entries a caller reads, by the name of the call. */
  async function entries(
    call: { token: string; tenant?: string },
    query = '',
  ): Promise<Record<string, any>> {
    const reply = await api.get(`/api/v1/audit?limit=200${query}`, call);
    expect(reply.status).toBe(200);
    const byName: Record<string, any> = {};
    for (const item of reply.body.items)
      if (item.requestId.startsWith(`${run}-`)) byName[item.requestId.slice(run.length + 1)] = item;
    return byName;
  }

  it("shows the center's auditor each call: who, route, target and result", async () => {
    const seen = await entries({ token: jinanAuditor });
    const bankAActor = {
      kind: 'partner',
      id: bankA.id,
      name: null,
      apiKeyId: bankA.keyId,
      roles: ['bank'],
    };
    expect(seen['register']).toMatchObject({
      tenant: 'jinan',
      actor: bankAActor,
      method: 'POST',
      route: '/api/v1/enterprises',
      path: '/api/v1/enterprises',
      targetId: enterpriseId,
      status: 201,
      problemType: null,
      clientAddress: '127.0.0.1',
    });
    expect(seen['apply']).toMatchObject({
      actor: bankAActor,
      route: '/api/v1/loan-applications',
      targetId: applicationId,
      status: 201,
    });
    expect(seen['rival']).toMatchObject({
      tenant: 'jinan',
      actor: { kind: 'partner', id: bankB.id, apiKeyId: bankB.keyId, roles: ['bank'] },
      method: 'POST',
      route: '/api/v1/loans/{id}/disbursements',
      path: `/api/v1/loans/${loanId}/disbursements`,
      targetId: loanId,
      status: 404,
      problemType: expect.stringMatching(/^\/problems\//),
    });
    expect(seen['invalid']).toMatchObject({
      actor: bankAActor,
      status: 400,
      problemType: '/problems/invalid-input',
      targetId: null,
    });
    expect(seen['login']).toMatchObject({
      tenant: 'jinan',
      actor: { kind: 'user', name: 'jinan.audit.analyst', roles: ['analyst'], apiKeyId: null },
      method: 'POST',
      route: '/api/v1/auth/token',
      status: 200,
      targetId: expect.any(String),
    });
    expect(new Date(seen['register'].occurredAt).getTime()).toBeGreaterThan(Date.now() - 600_000);
    // Newest first: the login came after the registration.
    const reply = await api.get('/api/v1/audit?limit=200', { token: jinanAuditor });
    const order = reply.body.items.map((item: any) => item.requestId);
    expect(order.indexOf(`${run}-login`)).toBeLessThan(order.indexOf(`${run}-register`));
  });

  it('filters by target, result, route, actor and time, and pages with a cursor', async () => {
    const auditor = { token: jinanAuditor };
    expect(Object.keys(await entries(auditor, `&targetId=${loanId}`))).toEqual(['rival']);
    const refusals = await entries(auditor, '&result=4xx');
    expect(Object.keys(refusals).sort()).toEqual(['invalid', 'rival']);
    expect(
      Object.keys(await entries(auditor, '&route=/api/v1/loans/{id}/disbursements&method=POST')),
    ).toEqual(['rival']);
    expect(Object.keys(await entries(auditor, `&actor=${bankB.keyId}`))).toEqual(['rival']);
    expect(Object.keys(await entries(auditor, '&actor=jinan.audit.analyst'))).toContain('login');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await entries(auditor, `&from=${encodeURIComponent(future)}`)).toEqual({});

    const first = await api.get('/api/v1/audit?limit=2', { token: jinanAuditor });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await api.get(`/api/v1/audit?limit=2&cursor=${first.body.nextCursor}`, {
      token: jinanAuditor,
    });
    expect(second.body.items).toHaveLength(2);
    const ids = [...first.body.items, ...second.body.items].map((item: any) => item.id);
    expect(new Set(ids).size).toBe(4);
    expect([...ids].sort().reverse()).toEqual(ids);
  });

  it("another center's auditor sees none of it", async () => {
    expect(await entries({ token: liaochengAuditor })).toEqual({});
  });

  it('the platform admin reads a center by naming it, and the platform-level calls without', async () => {
    const jinan = await entries({ token: admin, tenant: 'jinan' });
    expect(Object.keys(jinan)).toEqual(expect.arrayContaining(['register', 'rival', 'login']));
    const platform = await entries({ token: admin });
    // The wrong password: nobody authenticated, so no center; the username tried is on record.
    expect(platform['bad-login']).toMatchObject({
      tenant: null,
      actor: { kind: 'anonymous', id: null, name: 'jinan.audit.analyst', roles: [] },
      route: '/api/v1/auth/token',
      status: 401,
      problemType: expect.stringMatching(/^\/problems\//),
    });
    expect(platform['register']).toBeUndefined();
  });

  it('is closed to keys (403), to analysts (403) and to the anonymous (401); each try is recorded', async () => {
    expectProblem(
      await api.get('/api/v1/audit', { apiKey: bankA.key, headers: rid('key-reads') }),
      403,
    );
    expectProblem(
      await api.get('/api/v1/audit', { token: analyst, headers: rid('analyst-reads') }),
      403,
    );
    expectProblem(await api.get('/api/v1/audit', { headers: rid('anonymous-reads') }), 401);
    const jinan = await entries({ token: jinanAdmin });
    expect(jinan['key-reads']).toMatchObject({
      actor: { kind: 'partner', apiKeyId: bankA.keyId },
      method: 'GET',
      route: '/api/v1/audit',
      status: 403,
    });
    expect(jinan['analyst-reads']).toMatchObject({ actor: { kind: 'user' }, status: 403 });
    expect((await entries({ token: admin }))['anonymous-reads']).toMatchObject({
      actor: { kind: 'anonymous' },
      status: 401,
    });
  });

  it('refuses a filter it does not know how to read (400 naming it)', async () => {
    const reply = await api.get('/api/v1/audit?result=3xx', { token: jinanAuditor });
    expect(expectProblem(reply, 400).errors).toEqual([
      { field: 'result', message: 'must be one of: 2xx, 4xx, 5xx' },
    ]);
    const cursor = await api.get('/api/v1/audit?cursor=bm90LWEtY3Vyc29y', { token: jinanAuditor });
    expect(expectProblem(cursor, 400).errors).toEqual([
      { field: 'cursor', message: 'is not a cursor this API returned' },
    ]);
  });

  it('a call answered as the gateway stops is written before it exits', async () => {
    const last = await api.post('/api/v1/enterprises', {
      apiKey: bankA.key,
      headers: rid('last'),
      body: { creditCode: validCreditCode(), name: '济南最后一家科技有限公司' },
    });
    expect(last.status).toBe(201);
    await network.stack.stopService('gateway');
    // As the superuser (the runtime role sees one center at a time).
    const db = new Client({
      connectionString: withDatabase(network.stack.db.adminUrl, network.stack.db.name),
    });
    await db.connect();
    try {
      const { rows } = await db.query(
        'SELECT tenant_id, target_id, status FROM gateway.audit_log WHERE request_id = $1',
        [`${run}-last`],
      );
      expect(rows).toEqual([{ tenant_id: 'jinan', target_id: last.body.id, status: 201 }]);
    } finally {
      await db.end();
    }
  });
});
