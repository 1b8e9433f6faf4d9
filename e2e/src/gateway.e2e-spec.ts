import { openApiLimitViolations, type OpenApiDocument } from './openapi-limits';
import { validCreditCode, withWrongCheck } from '@tf/testing';
import { Api, expectProblem, staffToken } from './http-client';
import { discoverServices, startNetwork, type Network } from './network';
import { PlatformModule, withDatabase } from '@tf/platform';
import { Client } from 'pg';

/**
 * The partner-facing contract of API.md "Auth and tenancy", over HTTP through the gateway, with
 * the real tenancy service behind it on PostgreSQL and NATS.
 */
describe('gateway: auth, tenancy and enterprises over HTTP', () => {
  let network: Network;
  let api: Api;
  let admin: string;
  let jinanAdmin: string;
  let jinanAnalyst: string;
  let jinanBankKey: string;
  let liaochengBankKey: string;

  const API_KEY_CACHE_TTL_MS = 300;

  beforeAll(async () => {
    network = await startNetwork('gateway', {
      API_KEY_CACHE_TTL_MS: String(API_KEY_CACHE_TTL_MS),
      RATE_LIMIT_PER_MINUTE: '60',
    });
    api = new Api(network.gateway);
    admin = await api.token(network.admin.username, network.admin.password);

    jinanAdmin = await staffToken(api, admin, 'jinan', {
      username: 'jinan.admin',
      password: 'jinan admin password',
      roles: ['center-admin'],
    });
    await api.post('/api/v1/users', {
      token: jinanAdmin,
      body: { username: 'jinan.analyst', password: 'jinan analyst password', roles: ['analyst'] },
    });
    jinanAnalyst = await api.token('jinan.analyst', 'jinan analyst password');

    jinanBankKey = await bankKey('jinan', '齐鲁银行 (Qilu Bank)');
    liaochengBankKey = await bankKey('liaocheng', '聊城农商银行 (Liaocheng Rural Bank)');
  });

  afterAll(async () => {
    await network?.stack.stop();
  });

  async function bankKey(tenant: string, name: string): Promise<string> {
    const partner = await api.post('/api/v1/partners', {
      token: admin,
      tenant,
      body: { name, kind: 'bank' },
    });
    expect(partner.status).toBe(201);
    const key = await api.post(`/api/v1/partners/${partner.body.id}/api-keys`, {
      token: admin,
      tenant,
    });
    expect(key.status).toBe(201);
    return key.body.key as string;
  }

  describe('a partner bank', () => {
    it('registers an enterprise and reads it; a Liaocheng key reading the Jinan id gets 404', async () => {
      const creditCode = validCreditCode();
      const created = await api.post('/api/v1/enterprises', {
        apiKey: jinanBankKey,
        body: {
          creditCode,
          name: '济南量子芯片科技有限公司',
          industry: 'integrated-circuits',
          registeredCapital: '5000000',
          foundedOn: '2019-03-15',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        tenant: 'jinan',
        creditCode,
        registeredCapital: '5000000.00',
        foundedOn: '2019-03-15',
      });

      const read = await api.get(`/api/v1/enterprises/${created.body.id}`, {
        apiKey: jinanBankKey,
      });
      expect(read.status).toBe(200);
      expect(read.body.name).toBe('济南量子芯片科技有限公司');

      const foreign = await api.get(`/api/v1/enterprises/${created.body.id}`, {
        apiKey: liaochengBankKey,
      });
      expectProblem(foreign, 404);
    });

    it('cannot choose another center with X-Tenant-Id: the key decides', async () => {
      const created = await api.post('/api/v1/enterprises', {
        apiKey: jinanBankKey,
        body: { creditCode: validCreditCode(), name: 'Key Decides Co' },
      });
      const read = await api.get(`/api/v1/enterprises/${created.body.id}`, {
        apiKey: liaochengBankKey,
        tenant: 'jinan',
      });
      expectProblem(read, 404);
    });

    it('cannot do what its scopes do not allow (registering a partner is staff work): 403', async () => {
      expectProblem(
        await api.post('/api/v1/partners', {
          apiKey: jinanBankKey,
          body: { name: 'X', kind: 'bank' },
        }),
        403,
      );
    });

    it('with a revoked key gets 401 within the cache lifetime, though it was in use until then', async () => {
      const partner = await api.post('/api/v1/partners', {
        token: jinanAdmin,
        body: { name: 'Soon Revoked Bank', kind: 'bank' },
      });
      const issued = await api.post(`/api/v1/partners/${partner.body.id}/api-keys`, {
        token: jinanAdmin,
      });
      // In use for three lifetimes: its answer is refreshed in the background, never let expire.
      const inUseUntil = Date.now() + 3 * API_KEY_CACHE_TTL_MS;
      while (Date.now() < inUseUntil) {
        expect((await api.get('/api/v1/enterprises', { apiKey: issued.body.key })).status).toBe(
          200,
        );
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(
        (await api.delete(`/api/v1/api-keys/${issued.body.id}`, { token: jinanAdmin })).status,
      ).toBe(200);
      // Still in use: the refusal comes by a refresh or the TTL, not by the key falling idle.
      const revokedAt = Date.now();
      let answer = await api.get('/api/v1/enterprises', { apiKey: issued.body.key });
      while (answer.status === 200 && Date.now() - revokedAt < API_KEY_CACHE_TTL_MS + 1_000) {
        await new Promise((r) => setTimeout(r, 20));
        answer = await api.get('/api/v1/enterprises', { apiKey: issued.body.key });
      }
      expect(expectProblem(answer, 401).type).toBe('/problems/invalid-api-key');
    });

    it('with no credentials, or a made-up key, gets 401', async () => {
      expectProblem(await api.get('/api/v1/enterprises'), 401);
      expectProblem(await api.get('/api/v1/enterprises', { apiKey: 'not-a-real-key-at-all' }), 401);
      expectProblem(await api.get('/api/v1/enterprises', { token: 'not.a.jwt' }), 401);
    });
  });

  describe('staff', () => {
    it('a wrong password is 401', async () => {
      expectProblem(
        await api.post('/api/v1/auth/token', {
          body: { username: 'jinan.admin', password: 'wrong password!' },
        }),
        401,
      );
    });

    it('an analyst calling a center-admin route gets 403', async () => {
      const reply = await api.post('/api/v1/partners', {
        token: jinanAnalyst,
        body: { name: 'Not Allowed Bank', kind: 'bank' },
      });
      expect(expectProblem(reply, 403).type).toBe('/problems/role-missing');
    });

    it('a platform admin must name the center on tenant routes', async () => {
      const problem = expectProblem(await api.get('/api/v1/enterprises', { token: admin }), 400);
      expect(problem.errors).toEqual([
        { field: 'X-Tenant-Id', message: 'is required for a platform admin on this route' },
      ]);
      expectProblem(
        await api.get('/api/v1/enterprises', { token: admin, tenant: 'atlantis' }),
        404,
      );
    });

    it("a center admin reads and changes its own center's policy, a section per service; another center's is 404", async () => {
      const patched = await api.patch('/api/v1/tenants/jinan/policy', {
        token: jinanAdmin,
        body: { valuation: { discountRate: '0.12' }, guarantee: { annualFeeRate: '0.008' } },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.valuation).toMatchObject({ discountRate: '0.12', weightIncome: '0.6' });
      expect(patched.body.guarantee).toMatchObject({
        annualFeeRate: '0.008',
        leverageMultiple: 10,
      });
      const read = await api.get('/api/v1/tenants/jinan/policy', { token: jinanAnalyst });
      expect(read.body).toEqual(patched.body);
      expect(Object.keys(read.body).sort()).toEqual([
        'credit',
        'guarantee',
        'investment',
        'trading',
        'valuation',
      ]);
      expectProblem(await api.get('/api/v1/tenants/liaocheng/policy', { token: jinanAdmin }), 404);
      const broken = expectProblem(
        await api.patch('/api/v1/tenants/jinan/policy', {
          token: jinanAdmin,
          body: { valuation: { weightIncome: '0.9' } },
        }),
        400,
      );
      expect(broken.errors).toEqual([
        {
          field: 'valuation.weightIncome',
          message: 'the three method weights must add up to exactly 1',
        },
      ]);
      // One section refused: neither changes (every owner checks before any stores).
      const split = expectProblem(
        await api.patch('/api/v1/tenants/jinan/policy', {
          token: jinanAdmin,
          body: { valuation: { discountRate: '0.2' }, guarantee: { riskShareBank: '0.3' } },
        }),
        400,
      );
      expect(split.errors[0].field).toBe('guarantee.riskShareInstitution');
      const unchanged = await api.get('/api/v1/tenants/jinan/policy', { token: jinanAdmin });
      expect(unchanged.body.valuation).toMatchObject({ weightIncome: '0.6', discountRate: '0.12' });
      expect(unchanged.body.guarantee.riskShareBank).toBe('0.20');
      expectProblem(
        await api.patch('/api/v1/tenants/jinan/policy', {
          token: jinanAdmin,
          body: { loanPrimeRate: '0.0295' },
        }),
        400,
      );
    });

    it('a center created by one call works in every service: its sections are seeded and used', async () => {
      const created = await api.post('/api/v1/tenants', {
        token: admin,
        body: {
          code: 'qingdao',
          name: '青岛科技金融服务中心',
          policy: { valuation: { discountRate: '0.12' } },
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: 'qingdao', name: '青岛科技金融服务中心' });
      const policy = await api.get('/api/v1/tenants/qingdao/policy', {
        token: admin,
        tenant: 'qingdao',
      });
      expect(policy.body.valuation).toMatchObject({ discountRate: '0.12', incomeTaxRate: '0.25' });
      // A refused section creates nothing: the check runs before the center exists.
      expectProblem(
        await api.post('/api/v1/tenants', {
          token: admin,
          body: { code: 'yantai', name: '烟台中心', policy: { valuation: { discountRate: '0' } } },
        }),
        400,
      );
      expectProblem(await api.get('/api/v1/tenants/yantai/policy', { token: admin }), 404);

      // And the new center works at once in the valuation service, with its own policy.
      const bank = await api.post('/api/v1/partners', {
        token: admin,
        tenant: 'qingdao',
        body: { name: '青岛银行', kind: 'bank' },
      });
      const key = (
        await api.post(`/api/v1/partners/${bank.body.id}/api-keys`, {
          token: admin,
          tenant: 'qingdao',
        })
      ).body.key as string;
      const enterprise = await api.post('/api/v1/enterprises', {
        apiKey: key,
        body: { creditCode: validCreditCode(), name: '青岛海洋科技有限公司' },
      });
      const valuation = await api.post('/api/v1/valuations', {
        apiKey: key,
        body: {
          enterpriseId: enterprise.body.id,
          purpose: 'transfer',
          referenceDate: new Date().toISOString().slice(0, 10),
          assets: [
            {
              kind: 'patent',
              number: 'CN202110123456.7',
              title: '一种海水淡化膜',
              patentType: 'invention',
              filedOn: '2021-01-12',
              grantedOn: '2023-04-18',
              legalStatus: 'granted',
            },
          ],
          income: { annualRevenue: ['1000000.00'] },
        },
      });
      expect(valuation.status).toBe(201);
      expect(valuation.body.parameters).toMatchObject({ discountRate: '0.12' });

      // The trading section answers with its defaults: a 3 % commission, disposals from 70 %.
      expect(policy.body.trading).toMatchObject({
        commissionRate: '0.03',
        disposalHaircut: '0.30',
      });
      // The guarantee service seeded the center's institution, without net assets until stated.
      expect(policy.body.guarantee).toMatchObject({
        leverageMultiple: 10,
        riskShareInstitution: '0.40',
      });
      let capacity = await api.get('/api/v1/guarantee-capacity', { apiKey: key });
      for (let i = 0; i < 50 && capacity.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        capacity = await api.get('/api/v1/guarantee-capacity', { apiKey: key });
      }
      expect(capacity.body).toMatchObject({
        netAssets: '0.00',
        outstanding: '0.00',
        headroom: '0.00',
      });
      // Its admin states the net assets; the limits follow. A bank key may not; bad money is 400.
      const asAdmin = { token: admin, tenant: 'qingdao' };
      const stated = await api.patch('/api/v1/guarantee-institution', {
        ...asAdmin,
        body: { netAssets: '50000000.00' },
      });
      expect(stated.status).toBe(200);
      expect(stated.body).toMatchObject({
        netAssets: '50000000.00',
        headroom: '500000000.00',
        singleClientLimit: '5000000.00',
      });
      expectProblem(
        await api.patch('/api/v1/guarantee-institution', { apiKey: key, body: { netAssets: '1' } }),
        403,
      );
      const bad = expectProblem(
        await api.patch('/api/v1/guarantee-institution', { ...asAdmin, body: { netAssets: 5 } }),
        400,
      );
      expect(bad.errors[0].field).toBe('netAssets');
    });

    it("lists the seeded centers to a platform admin, and a center's staff only their own", async () => {
      const own = await api.get('/api/v1/tenants', { token: jinanAnalyst });
      expect(own.body.items.map((t: { code: string }) => t.code)).toEqual(['jinan']);
      const tenants = await api.get('/api/v1/tenants', { token: admin });
      expect(tenants.body.items.map((t: { code: string }) => t.code)).toEqual(
        expect.arrayContaining(['beijing', 'jinan', 'liaocheng']),
      );
    });
  });

  describe('bad input is a 400 problem naming the field, and nothing is stored', () => {
    it('malformed JSON', async () => {
      const problem = expectProblem(
        await api.post('/api/v1/enterprises', {
          token: jinanAdmin,
          rawBody: '{"creditCode": "91370100',
        }),
        400,
      );
      expect(problem.errors).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
    });

    it('an unknown field', async () => {
      const problem = expectProblem(
        await api.post('/api/v1/enterprises', {
          token: jinanAdmin,
          body: { creditCode: validCreditCode(), name: 'X', ceo: 'Li' },
        }),
        400,
      );
      expect(problem.errors).toEqual([{ field: 'ceo', message: 'is not a known field' }]);
    });

    it('money as a JSON number', async () => {
      const creditCode = validCreditCode();
      const problem = expectProblem(
        await api.post('/api/v1/enterprises', {
          token: jinanAdmin,
          body: { creditCode, name: 'X', registeredCapital: 5000000 },
        }),
        400,
      );
      expect(problem.errors).toContainEqual({
        field: 'registeredCapital',
        message: 'must be a decimal string such as "500000.00", not a JSON number',
      });
      const stored = await api.get(`/api/v1/enterprises?creditCode=${creditCode}`, {
        token: jinanAdmin,
      });
      expect(stored.body.items).toEqual([]);
    });

    it('a credit code with a wrong check character', async () => {
      const problem = expectProblem(
        await api.post('/api/v1/enterprises', {
          token: jinanAdmin,
          body: { creditCode: withWrongCheck(validCreditCode()), name: 'X' },
        }),
        400,
      );
      expect(problem.errors).toEqual([
        { field: 'creditCode', message: 'has a wrong check character (GB 32100-2015)' },
      ]);
    });

    it('the same credit code twice in one center is 409', async () => {
      const body = { creditCode: validCreditCode(), name: 'Twice Co' };
      expect((await api.post('/api/v1/enterprises', { token: jinanAdmin, body })).status).toBe(201);
      const problem = expectProblem(
        await api.post('/api/v1/enterprises', { token: jinanAdmin, body }),
        409,
      );
      expect(problem.errors?.[0]?.field).toBe('creditCode');
    });

    it('an unknown route', async () => {
      expectProblem(await api.get('/api/v1/no-such-thing', { token: jinanAdmin }), 404);
    });
  });

  describe('Idempotency-Key', () => {
    it('is declared on every POST of the OpenAPI document, required where money moves', async () => {
      const doc = (await api.get('/docs-json')).body as OpenApiDocument;
      const declared = Object.entries(doc.paths).flatMap(([path, item]) =>
        item['post']
          ? [
              {
                path,
                header: item['post'].parameters?.find(
                  (p) => p.in === 'header' && p.name === 'Idempotency-Key',
                ) as { required?: boolean } | undefined,
              },
            ]
          : [],
      );
      expect(declared.filter(({ header }) => !header).map(({ path }) => path)).toEqual([]);
      expect(
        declared
          .filter(({ header }) => header?.required)
          .map(({ path }) => path)
          .sort(),
      ).toEqual([
        '/api/v1/loan-applications',
        '/api/v1/loans/{id}/disbursements',
        '/api/v1/loans/{id}/repayments',
      ]);
    });

    it('the same key and body replays the first response, once stored', async () => {
      const body = { creditCode: validCreditCode(), name: 'Replay Co' };
      const headers = { 'idempotency-key': 'replay-1' };
      const first = await api.post('/api/v1/enterprises', { apiKey: jinanBankKey, body, headers });
      const second = await api.post('/api/v1/enterprises', { apiKey: jinanBankKey, body, headers });
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body).toEqual(first.body);
    });

    it('the same key with another body is 409', async () => {
      const headers = { 'idempotency-key': 'conflict-1' };
      await api.post('/api/v1/enterprises', {
        apiKey: jinanBankKey,
        body: { creditCode: validCreditCode(), name: 'A' },
        headers,
      });
      const problem = expectProblem(
        await api.post('/api/v1/enterprises', {
          apiKey: jinanBankKey,
          body: { creditCode: validCreditCode(), name: 'B' },
          headers,
        }),
        409,
      );
      expect(problem.type).toBe('/problems/idempotency-key-reused');
    });

    it('keys are per client: another client may use the same key', async () => {
      const headers = { 'idempotency-key': 'shared-key' };
      expect(
        (
          await api.post('/api/v1/enterprises', {
            apiKey: jinanBankKey,
            body: { creditCode: validCreditCode(), name: 'One' },
            headers,
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await api.post('/api/v1/enterprises', {
            token: jinanAdmin,
            body: { creditCode: validCreditCode(), name: 'Two' },
            headers,
          })
        ).status,
      ).toBe(201);
    });

    it('concurrent duplicates: the operation happens once, the others are 409 or a replay', async () => {
      const body = { creditCode: validCreditCode(), name: 'Concurrent Co' };
      const headers = { 'idempotency-key': 'concurrent-1' };
      const replies = await Promise.all(
        Array.from({ length: 6 }, () =>
          api.post('/api/v1/enterprises', { apiKey: jinanBankKey, body, headers }),
        ),
      );
      const created = replies.filter(
        (r) => r.status === 201 && r.headers.get('idempotent-replayed') === null,
      );
      expect(created).toHaveLength(1);
      for (const reply of replies.filter((r) => r !== created[0])) {
        if (reply.status === 409)
          expect(reply.body.type).toBe('/problems/idempotency-key-in-flight');
        else
          expect([reply.status, reply.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
      }
      const stored = await api.get(`/api/v1/enterprises?creditCode=${body.creditCode}`, {
        apiKey: jinanBankKey,
      });
      expect(stored.body.items).toHaveLength(1);
    });

    it('a stored client error is replayed too', async () => {
      const headers = { 'idempotency-key': 'bad-code-1' };
      const body = { creditCode: withWrongCheck(validCreditCode()), name: 'Bad' };
      const first = await api.post('/api/v1/enterprises', { apiKey: jinanBankKey, body, headers });
      const second = await api.post('/api/v1/enterprises', { apiKey: jinanBankKey, body, headers });
      expectProblem(first, 400);
      expectProblem(second, 400);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
    });
  });

  describe('records past their retention', () => {
    it('outbox rows published over two days ago are purged; newer and unpublished ones stay', async () => {
      const tenancy = network.stack.app('tenancy').get(PlatformModule);
      await tenancy.relayNow();
      const db = new Client({
        connectionString: withDatabase(network.stack.db.adminUrl, network.stack.db.name),
      });
      await db.connect();
      try {
        const { rows } = await db.query<{ id: string }>(
          `SELECT id FROM tenancy.outbox WHERE published_at IS NOT NULL ORDER BY id LIMIT 3`,
        );
        expect(rows).toHaveLength(3);
        const [old, recent, pending] = rows.map((row) => row.id);
        await db.query(
          `UPDATE tenancy.outbox SET published_at = now() - interval '48 hours 1 minute' WHERE id = $1`,
          [old],
        );
        await db.query(
          `UPDATE tenancy.outbox SET published_at = now() - interval '47 hours' WHERE id = $1`,
          [recent],
        );
        // Still to be relayed, however old: a relay that was down for days has it to send (if
        // the relay sends it before the purge, it is published now, and stays all the same).
        await db.query(
          `UPDATE tenancy.outbox SET published_at = NULL, created_at = now() - interval '9 days'
            WHERE id = $1`,
          [pending],
        );
        await tenancy.purgeNow();
        const kept = await db.query<{ id: string }>(
          `SELECT id FROM tenancy.outbox WHERE id = ANY($1::uuid[]) ORDER BY id`,
          [[old, recent, pending]],
        );
        expect(kept.rows.map((row) => row.id)).toEqual([recent, pending]);
      } finally {
        await db.end();
      }
    });
  });

  describe('HTTP conventions', () => {
    it('echoes the client x-request-id, or makes one', async () => {
      const echoed = await api.get('/api/v1/tenants', {
        token: jinanAdmin,
        headers: { 'x-request-id': 'bank-trace-42' },
      });
      expect(echoed.headers.get('x-request-id')).toBe('bank-trace-42');
      const made = await api.get('/api/v1/tenants', { token: jinanAdmin });
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('rate-limits a client with 429, Retry-After and the IETF RateLimit fields', async () => {
      const key = await bankKey('beijing', 'Busy Bank');
      const first = await api.get('/api/v1/enterprises', { apiKey: key });
      expect(first.headers.get('ratelimit-policy')).toMatch(/^"default";q=\d+;w=\d+$/);
      expect(first.headers.get('ratelimit')).toMatch(/^"default";r=\d+;t=\d+$/);
      expect(first.headers.get('x-ratelimit-limit')).toBeNull();
      let limited;
      for (let i = 0; i < 70 && !limited; i++) {
        const reply = await api.get('/api/v1/enterprises', { apiKey: key });
        if (reply.status === 429) limited = reply;
      }
      expect(limited).toBeDefined();
      expectProblem(limited!, 429);
      expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited!.headers.get('ratelimit')).toMatch(/^"default";r=0;t=[1-9]\d*$/);
    });

    it('serves Swagger with both security schemes', async () => {
      const doc = await api.get('/docs-json');
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.components.securitySchemes).sort()).toEqual([
        'api-key',
        'bearer',
        'tenant',
      ]);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/enterprises',
          '/api/v1/auth/token',
          '/api/v1/partners/{id}/api-keys',
        ]),
      );
      expect((await api.get('/docs')).status).toBe(200);
    });

    it('states in OpenAPI the limits of every input and the problems of every operation', async () => {
      const doc = (await api.get('/docs-json')).body as OpenApiDocument;
      expect(openApiLimitViolations(doc)).toEqual([]);
      // The walk finds what it looks for: the same document with one limit taken out fails.
      const loosened = structuredClone(doc);
      delete (loosened.components.schemas.RejectValuationDto!.properties!.reason as any).maxLength;
      delete loosened.paths['/api/v1/valuations/{id}']!.get!.responses['404'];
      expect(openApiLimitViolations(loosened)).toEqual([
        'GET /api/v1/valuations/{id}: does not declare its 404 problem',
        'POST /api/v1/valuations/{id}/reject body (application/json).reason: a string without maxLength',
      ]);
    });

    it('liveness is open; readiness and metrics answer on the management port', async () => {
      expect((await api.get('/health/live')).status).toBe(200);
      const management = new Api(network.management('gateway'));
      const ready = await management.get('/health/ready');
      expect(ready.body.info).toMatchObject({ database: { status: 'up' }, nats: { status: 'up' } });
      const metrics = (await management.get('/metrics')).body as string;
      expect(metrics).toMatch(
        /tf_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/tenants"[^}]*\} [1-9]/,
      );
    });
  });

  // Last: it stops the tenancy service.
  describe('a service down', () => {
    it('is a 503 problem within the NATS timeout, never a hang', async () => {
      await network.stack.stopService('tenancy');
      const started = Date.now();
      const reply = await api.get('/api/v1/enterprises', { token: jinanAdmin });
      expect(expectProblem(reply, 503).type).toMatch(
        /^\/problems\/dependency-(unavailable|timeout)$/,
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it("releases a failed write's Idempotency-Key: the same request succeeds once it is back", async () => {
      const body = { creditCode: validCreditCode(), name: 'Retried Co' };
      const headers = { 'idempotency-key': 'retried-after-503' };
      const failed = await api.post('/api/v1/enterprises', { apiKey: jinanBankKey, body, headers });
      expectProblem(failed, 503);
      const tenancy = discoverServices().find((service) => service.name === 'tenancy')!;
      await network.stack.startService(tenancy, {
        ADMIN_USERNAME: network.admin.username,
        ADMIN_PASSWORD: network.admin.password,
      });
      const retried = await api.post('/api/v1/enterprises', {
        apiKey: jinanBankKey,
        body,
        headers,
      });
      expect([retried.status, retried.headers.get('idempotent-replayed')]).toEqual([201, null]);
      const replayed = await api.post('/api/v1/enterprises', {
        apiKey: jinanBankKey,
        body,
        headers,
      });
      expect([replayed.status, replayed.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
      expect(replayed.headers.get('content-type')).toMatch(/^application\/json/);
      expect(replayed.body).toEqual(retried.body);
    });
  });
});
