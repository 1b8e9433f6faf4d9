import { validCreditCode, validPatentNumber, withWrongPatentCheck } from '@tf/testing';
import { newId, withDatabase } from '@tf/platform';
import { Client } from 'pg';
import { Api, expectProblem, type Reply } from './http-client';
import { startNetwork, type Network } from './network';

/**
 * The defects a black-box probe of the running network found (issue 6), each tried the way the
 * probe tried it: as another center, a rival bank of the same center, an SME's key, a platform
 * admin, anonymously, in parallel, with a NUL byte and with JSON nested thousands deep.
 * docs/security.md lists each attack with the answer before and after the fix.
 */
const CACHE_TTL_MS = 300;
/** The proxy the gateway trusts in this network (TRUSTED_PROXIES); every other address is a client. */
const PROXY = '127.0.0.2';

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const daysAhead = (days: number) => daysAgo(-days);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One granted invention patent, as a bank sends it. */
function patent(number: string, title = '一种量子芯片封装方法') {
  return {
    kind: 'patent',
    number,
    title,
    patentType: 'invention',
    filedOn: '2021-01-12',
    grantedOn: '2023-04-18',
    legalStatus: 'granted',
    ipcClass: 'H01L 23/00',
  };
}

/** Every staff user here logs in with it (a password may not contain the username). */
const PASSPHRASE = 'a long and private passphrase';

const INCOME = { annualRevenue: ['3000000.00', '3600000.00', '4200000.00'] };

/** The one browser origin this network's gateway allows (CORS_ORIGINS). */
const CONSOLE = 'https://console.jinan-tfc.example';

describe('security: the defects found by probing the running network', () => {
  let network: Network;
  let api: Api;
  let admin: string;
  let jinanAdmin: string;
  let analystLi: string;
  let analystWang: string;
  let bankA: string;
  let bankB: string;
  let liaochengBank: string;
  let enterpriseId: string;
  let otherEnterpriseId: string;
  let smeKey: string;
  let db: Client;

  beforeAll(async () => {
    network = await startNetwork('security', {
      API_KEY_CACHE_TTL_MS: String(CACHE_TTL_MS),
      TRUSTED_PROXIES: PROXY,
      CORS_ORIGINS: CONSOLE,
    });
    api = new Api(network.gateway);
    admin = await api.token(network.admin.username, network.admin.password);
    jinanAdmin = await staff('jinan', 'jinan.sec.admin', ['center-admin']);
    analystLi = await staff('jinan', 'jinan.sec.li', ['analyst']);
    analystWang = await staff('jinan', 'jinan.sec.wang', ['analyst']);
    bankA = await partnerKey('jinan', { name: '齐鲁银行 (Qilu Bank)', kind: 'bank' });
    bankB = await partnerKey('jinan', { name: '济南农商银行 (Jinan Rural Bank)', kind: 'bank' });
    liaochengBank = await partnerKey('liaocheng', { name: '聊城农商银行', kind: 'bank' });
    enterpriseId = await enterprise('济南量子芯片科技有限公司');
    otherEnterpriseId = await enterprise('济南光电传感有限公司');
    smeKey = await partnerKey('jinan', {
      name: '济南量子芯片科技有限公司',
      kind: 'enterprise',
      enterpriseId,
    });
    // As the superuser: these tests count rows across centers, which the runtime role cannot.
    db = new Client({
      connectionString: withDatabase(network.stack.db.adminUrl, network.stack.db.name),
    });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await network?.stack.stop();
  });

  async function staff(tenant: string, username: string, roles: string[]): Promise<string> {
    const created = await api.post('/api/v1/users', {
      token: admin,
      tenant,
      body: { username, password: PASSPHRASE, roles },
    });
    expect(created.status).toBe(201);
    return api.token(username, PASSPHRASE);
  }

  async function partnerKey(tenant: string, body: Record<string, unknown>): Promise<string> {
    const partner = await api.post('/api/v1/partners', { token: admin, tenant, body });
    expect(partner.status).toBe(201);
    const key = await api.post(`/api/v1/partners/${partner.body.id}/api-keys`, {
      token: admin,
      tenant,
    });
    expect(key.status).toBe(201);
    return key.body.key as string;
  }

  async function enterprise(name: string): Promise<string> {
    const created = await api.post('/api/v1/enterprises', {
      apiKey: bankA,
      body: { creditCode: validCreditCode(), name },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  function requestValuation(key: string, assets: unknown[], purpose = 'pledge', extra = {}) {
    return api.post('/api/v1/valuations', {
      apiKey: key,
      body: { enterpriseId, purpose, referenceDate: daysAgo(5), assets, income: INCOME, ...extra },
    });
  }

  async function liveValuations(assetNumber: string): Promise<number> {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM valuation.valuations v
       JOIN valuation.valuation_assets a ON a.valuation_id = v.id
       WHERE a.number LIKE $1 AND v.status IN ('computed', 'approved')`,
      [`%${assetNumber.slice(2)}`],
    );
    return rows[0].n as number;
  }

  describe('integrity', () => {
    it('30 identical valuation requests in parallel leave exactly one live valuation', async () => {
      const number = validPatentNumber('invention');
      const replies = await Promise.all(
        Array.from({ length: 30 }, () => requestValuation(bankA, [patent(number)])),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(30).fill(201));
      expect(await liveValuations(number)).toBe(1);
      const computed = await api.get(
        `/api/v1/valuations?enterpriseId=${enterpriseId}&status=computed&limit=200`,
        { apiKey: bankA },
      );
      expect(
        computed.body.items.filter((v: any) => v.assets[0].asset.number === number),
      ).toHaveLength(1);
    });

    it('the asset key is not fooled by notation: CN and ZL name one patent, a wrong check digit is 400', async () => {
      const cn = validPatentNumber('invention');
      const zl = `ZL${cn.slice(2)}`;
      const first = await requestValuation(bankA, [patent(cn)]);
      const second = await requestValuation(bankA, [patent(zl)]);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(await liveValuations(cn)).toBe(1);
      const old = await api.get(`/api/v1/valuations/${first.body.id}`, { apiKey: bankA });
      expect(old.body).toMatchObject({ status: 'superseded', supersededBy: second.body.id });

      const wrong = expectProblem(
        await requestValuation(bankA, [patent(withWrongPatentCheck(cn))]),
        400,
      );
      expect(wrong.errors).toContainEqual({
        field: 'assets.0.number',
        message: expect.stringContaining('check'),
      });
    });

    it("a rival bank's request never changes another bank's approved valuation", async () => {
      const number = validPatentNumber('invention');
      const mine = await requestValuation(bankA, [patent(number)]);
      expect(
        (await api.post(`/api/v1/valuations/${mine.body.id}/approve`, { token: analystLi })).status,
      ).toBe(200);

      const rivals = await requestValuation(bankB, [patent(number)]);
      expect(rivals.status).toBe(201);
      const still = await api.get(`/api/v1/valuations/${mine.body.id}`, { apiKey: bankA });
      expect(still.body).toMatchObject({ status: 'approved' });
      expect(still.body.supersededBy ?? null).toBeNull();

      // Another center's key does not even see it.
      expectProblem(
        await api.get(`/api/v1/valuations/${mine.body.id}`, { apiKey: liaochengBank }),
        404,
      );
      // The rival bank of the same center cannot read bank A's valuation either.
      expectProblem(await api.get(`/api/v1/valuations/${mine.body.id}`, { apiKey: bankB }), 404);

      // Its approval would make a second live pledge value for the patent: refused by the rule.
      const refused = expectProblem(
        await api.post(`/api/v1/valuations/${rivals.body.id}/approve`, { token: analystLi }),
        422,
      );
      expect(refused.type).toBe('/problems/pledge-value-held');

      // The holder's own revaluation, once approved, replaces it; the holder can read the new one.
      const revaluation = await requestValuation(bankA, [patent(number)]);
      expect(
        (
          await api.post(`/api/v1/valuations/${revaluation.body.id}/approve`, {
            token: analystWang,
          })
        ).status,
      ).toBe(200);
      const replaced = await api.get(`/api/v1/valuations/${mine.body.id}`, { apiKey: bankA });
      expect(replaced.body).toMatchObject({
        status: 'superseded',
        supersededBy: revaluation.body.id,
      });
      expect(
        (await api.get(`/api/v1/valuations/${revaluation.body.id}`, { apiKey: bankA })).status,
      ).toBe(200);
    });
  });

  describe('authorization', () => {
    it('a platform admin cannot approve a valuation: business approvals need the center analyst', async () => {
      const valuation = await requestValuation(bankA, [patent(validPatentNumber())], 'transfer');
      const problem = expectProblem(
        await api.post(`/api/v1/valuations/${valuation.body.id}/approve`, {
          token: admin,
          tenant: 'jinan',
        }),
        403,
      );
      expect(problem.type).toBe('/problems/role-missing');
      // It still administers and reads.
      expect(
        (
          await api.get(`/api/v1/valuations/${valuation.body.id}`, {
            token: admin,
            tenant: 'jinan',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await api.post('/api/v1/partners', {
            token: admin,
            tenant: 'jinan',
            body: { name: 'Admin Made Bank', kind: 'bank' },
          })
        ).status,
      ).toBe(201);
    });

    it("GET /tenants with a bank key answers with the key's own center only", async () => {
      const tenants = await api.get('/api/v1/tenants', { apiKey: bankA });
      expect(tenants.status).toBe(200);
      expect(tenants.body.items.map((t: { code: string }) => t.code)).toEqual(['jinan']);
      const all = await api.get('/api/v1/tenants', { token: admin });
      expect(all.body.items.map((t: { code: string }) => t.code).sort()).toEqual([
        'beijing',
        'jinan',
        'liaocheng',
      ]);
    });

    it('an SME key sees its own enterprise and nothing else of its center', async () => {
      const listed = await api.get('/api/v1/enterprises', { apiKey: smeKey });
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((e: { id: string }) => e.id)).toEqual([enterpriseId]);
      expect(
        (await api.get(`/api/v1/enterprises/${enterpriseId}`, { apiKey: smeKey })).status,
      ).toBe(200);
      expectProblem(
        await api.get(`/api/v1/enterprises/${otherEnterpriseId}`, { apiKey: smeKey }),
        404,
      );
      const foreign = await api.post('/api/v1/valuations', {
        apiKey: smeKey,
        body: {
          enterpriseId: otherEnterpriseId,
          purpose: 'transfer',
          referenceDate: daysAgo(1),
          assets: [patent(validPatentNumber())],
        },
      });
      expectProblem(foreign, 404);
      const own = await api.post('/api/v1/valuations', {
        apiKey: smeKey,
        body: {
          enterpriseId,
          purpose: 'transfer',
          referenceDate: daysAgo(1),
          assets: [patent(validPatentNumber())],
          income: INCOME,
        },
      });
      expect(own.status).toBe(201);
    });

    it('an enterprise partner must name its enterprise, of its own center', async () => {
      const missing = expectProblem(
        await api.post('/api/v1/partners', {
          token: jinanAdmin,
          body: { name: 'No Enterprise Co', kind: 'enterprise' },
        }),
        400,
      );
      expect(missing.errors).toContainEqual({ field: 'enterpriseId', message: expect.any(String) });
      expectProblem(
        await api.post('/api/v1/partners', {
          token: admin,
          tenant: 'liaocheng',
          body: { name: 'Wrong Center Co', kind: 'enterprise', enterpriseId },
        }),
        404,
      );
    });
  });

  describe('login and key abuse', () => {
    it('an unknown user and a wrong password get the same answer', async () => {
      const unknown = await api.post('/api/v1/auth/token', {
        body: { username: 'nobody.at.all', password: 'some password here' },
        from: '127.0.0.30',
      });
      const wrong = await api.post('/api/v1/auth/token', {
        body: { username: 'jinan.sec.li', password: 'some password here' },
        from: '127.0.0.30',
      });
      expect(expectProblem(unknown, 401)).toMatchObject({
        type: expectProblem(wrong, 401).type,
        detail: wrong.body.detail,
      });
    });

    it("creating a user with another center's username does not confirm the name", async () => {
      expect(
        (
          await api.post('/api/v1/users', {
            token: admin,
            tenant: 'liaocheng',
            body: {
              username: 'liaocheng.only',
              password: 'liaocheng has a long passphrase',
              roles: ['analyst'],
            },
          })
        ).status,
      ).toBe(201);
      const foreign = expectProblem(
        await api.post('/api/v1/users', {
          token: jinanAdmin,
          body: {
            username: 'liaocheng.only',
            password: 'a long enough passphrase',
            roles: ['analyst'],
          },
        }),
        409,
      );
      const own = expectProblem(
        await api.post('/api/v1/users', {
          token: jinanAdmin,
          body: {
            username: 'jinan.sec.li',
            password: 'a long enough passphrase',
            roles: ['analyst'],
          },
        }),
        409,
      );
      expect(foreign.detail).toBe(own.detail);
      expect(foreign.detail).not.toMatch(/taken|exists/);
    });

    it('locks an account after repeated failures, whatever address they come from (429 + Retry-After)', async () => {
      await staff('jinan', 'jinan.sec.target', ['auditor']);
      const attempts: Reply[] = [];
      for (let i = 0; i < 6; i++) {
        attempts.push(
          await api.post('/api/v1/auth/token', {
            body: { username: 'jinan.sec.target', password: `guess number ${i} of many` },
            from: `127.0.0.${40 + i}`,
          }),
        );
      }
      expect(attempts.slice(0, 5).map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
      const locked = expectProblem(attempts[5]!, 429);
      expect(locked.type).toBe('/problems/login-locked');
      expect(Number(attempts[5]!.headers.get('retry-after'))).toBeGreaterThan(0);
      // Even the right password waits until the lock ends.
      const right = await api.post('/api/v1/auth/token', {
        body: { username: 'jinan.sec.target', password: PASSPHRASE },
        from: '127.0.0.47',
      });
      expectProblem(right, 429);
    });

    it('unknown API keys and bad tokens from one client meet 429', async () => {
      const from = '127.0.0.50';
      const statuses: number[] = [];
      for (let i = 0; i < 80 && !statuses.includes(429); i++) {
        const reply = await api.get('/api/v1/enterprises', {
          apiKey: `made-up-key-${i}-${'x'.repeat(40)}`,
          from,
        });
        statuses.push(reply.status);
      }
      expect(statuses).toContain(429);
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      const tokens: number[] = [];
      for (let i = 0; i < 80 && !tokens.includes(429); i++) {
        tokens.push(
          (await api.get('/api/v1/enterprises', { token: `bad.token.${i}`, from: '127.0.0.51' }))
            .status,
        );
      }
      expect(tokens).toContain(429);
    });

    it('X-Forwarded-For counts only from a trusted proxy', async () => {
      // Forged by a client: every request still counts against the client's own address.
      const forged: number[] = [];
      for (let i = 0; i < 80 && !forged.includes(429); i++) {
        forged.push(
          (
            await api.get('/api/v1/enterprises', {
              apiKey: `forged-${i}-${'y'.repeat(40)}`,
              headers: { 'x-forwarded-for': `198.51.100.${i}` },
              from: '127.0.0.60',
            })
          ).status,
        );
      }
      expect(forged).toContain(429);
      // From the trusted proxy, each forwarded client has its own bucket.
      const viaProxy: number[] = [];
      for (let i = 0; i < 80 && !viaProxy.includes(429); i++) {
        viaProxy.push(
          (
            await api.get('/api/v1/enterprises', {
              apiKey: `proxied-${i}-${'z'.repeat(40)}`,
              headers: { 'x-forwarded-for': '203.0.113.7' },
              from: PROXY,
            })
          ).status,
        );
      }
      expect(viaProxy).toContain(429);
      const otherClient = await api.get('/api/v1/enterprises', {
        apiKey: `another-${'w'.repeat(40)}`,
        headers: { 'x-forwarded-for': '203.0.113.8' },
        from: PROXY,
      });
      expectProblem(otherClient, 401);
    });

    it('records failed logins in the metrics', async () => {
      const metrics = await api.get('/metrics', { headers: {} });
      expect(metrics.status).toBe(404);
      const management = await fetch(`${network.management('tenancy')}/metrics`);
      expect(await management.text()).toMatch(/tf_login_failures_total\{[^}]*\} [1-9]/);
    });
  });

  describe('passwords and sessions', () => {
    it.each([
      ['twelve spaces', '            '],
      ['one repeated character', 'aaaaaaaaaaaa'],
      ['a common password', 'password1234'],
      ['the username itself', 'jinan.clerk.zhang'],
    ])('refuses %s as a password', async (_label, password) => {
      const problem = expectProblem(
        await api.post('/api/v1/users', {
          token: jinanAdmin,
          body: { username: 'jinan.clerk.zhang', password, roles: ['auditor'] },
        }),
        400,
      );
      expect(problem.errors).toEqual([{ field: 'password', message: expect.any(String) }]);
    });

    it('logging out revokes the token within the cache window', async () => {
      const token = await staff('jinan', 'jinan.sec.leaving', ['auditor']);
      expect((await api.get('/api/v1/tenants', { token })).status).toBe(200);
      expect((await api.post('/api/v1/auth/logout', { token })).status).toBe(204);
      await pause(CACHE_TTL_MS + 100);
      expect(expectProblem(await api.get('/api/v1/tenants', { token }), 401).type).toBe(
        '/problems/session-revoked',
      );
    });

    it("an admin disabling a user ends the user's sessions and logins", async () => {
      const token = await staff('jinan', 'jinan.sec.disabled', ['auditor']);
      const users = await api.get('/api/v1/users?username=jinan.sec.disabled', {
        token: jinanAdmin,
      });
      const userId = users.body.items[0].id as string;
      // Another center's admin cannot even see the user.
      const liaochengAdmin = await staff('liaocheng', 'liaocheng.sec.admin', ['center-admin']);
      expectProblem(
        await api.post(`/api/v1/users/${userId}/disable`, { token: liaochengAdmin }),
        404,
      );
      const disabled = await api.post(`/api/v1/users/${userId}/disable`, { token: jinanAdmin });
      expect(disabled.status).toBe(200);
      expect(disabled.body.disabledAt).toEqual(expect.any(String));
      await pause(CACHE_TTL_MS + 100);
      expectProblem(await api.get('/api/v1/tenants', { token }), 401);
      expectProblem(
        await api.post('/api/v1/auth/token', {
          body: {
            username: 'jinan.sec.disabled',
            password: PASSPHRASE,
          },
          from: '127.0.0.31',
        }),
        401,
      );
    });

    it('refuses "Bearer <token> junk"', async () => {
      const reply = await api.get('/api/v1/tenants', {
        headers: { authorization: `Bearer ${jinanAdmin} junk` },
      });
      expectProblem(reply, 401);
    });
  });

  describe('bad input', () => {
    it.each([
      [
        'an enterprise name',
        () =>
          api.post('/api/v1/enterprises', {
            apiKey: bankA,
            body: { creditCode: validCreditCode(), name: 'Bad\u0000Name' },
          }),
        'name',
      ],
      [
        'an asset title',
        () => requestValuation(bankA, [patent(validPatentNumber(), 'title\u0000')]),
        'assets.0.title',
      ],
      [
        'the anonymous login username',
        () =>
          api.post('/api/v1/auth/token', {
            body: { username: 'adm\u0000in', password: 'whatever it is' },
            from: '127.0.0.32',
          }),
        'username',
      ],
      [
        'a query string',
        () => api.get('/api/v1/enterprises?creditCode=%00', { apiKey: bankA }),
        'creditCode',
      ],
      [
        'a bell character',
        () =>
          api.post('/api/v1/enterprises', {
            apiKey: bankA,
            body: { creditCode: validCreditCode(), name: 'Bell\u0007Co' },
          }),
        'name',
      ],
    ])('a control character in %s is a 400 naming the field', async (_label, send, field) => {
      const problem = expectProblem(await send(), 400);
      expect(problem.errors).toContainEqual({
        field,
        message: expect.stringContaining('control character'),
      });
    });

    it('a NUL byte in a rejection reason is a 400; tab and newline are fine', async () => {
      const valuation = await requestValuation(bankA, [patent(validPatentNumber())], 'reporting');
      const problem = expectProblem(
        await api.post(`/api/v1/valuations/${valuation.body.id}/reject`, {
          token: analystLi,
          body: { reason: 'no\u0000reason' },
        }),
        400,
      );
      expect(problem.errors).toContainEqual({
        field: 'reason',
        message: expect.stringContaining('control character'),
      });
      const rejected = await api.post(`/api/v1/valuations/${valuation.body.id}/reject`, {
        token: analystLi,
        body: { reason: 'revenue forecast:\n\tnot supported by the accounts' },
      });
      expect(rejected.status).toBe(200);
    });

    it.each([
      ['/api/v1/auth/token', undefined],
      ['/api/v1/enterprises', 'bank'],
      ['/api/v1/guarantees', 'bank'],
      ['/api/v1/loan-applications', 'bank'],
      ['/api/v1/deals', 'bank'],
      ['/api/v1/listings', 'bank'],
    ])('JSON nested 3,000 deep on %s is a 400, not a crash', async (path, who) => {
      const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
      const problem = expectProblem(
        await api.post(path, {
          rawBody: deep,
          ...(who ? { apiKey: bankA } : { from: '127.0.0.33' }),
        }),
        400,
      );
      expect(problem.errors).toEqual([
        { field: 'body', message: expect.stringContaining('nested') },
      ]);
    });

    it('a blank name is a 400, not an empty string stored', async () => {
      const problem = expectProblem(
        await api.post('/api/v1/enterprises', {
          apiKey: bankA,
          body: { creditCode: validCreditCode(), name: '   ' },
        }),
        400,
      );
      expect(problem.errors).toContainEqual({ field: 'name', message: expect.any(String) });
    });

    it('a founding date in the future is a 400', async () => {
      const problem = expectProblem(
        await api.post('/api/v1/enterprises', {
          apiKey: bankA,
          body: { creditCode: validCreditCode(), name: 'Future Co', foundedOn: daysAhead(30) },
        }),
        400,
      );
      expect(problem.errors).toContainEqual({ field: 'foundedOn', message: expect.any(String) });
    });

    it.each(['__proto__', 'constructor', 'prototype'])(
      'a "%s" key is refused like any unknown field',
      async (key) => {
        const problem = expectProblem(
          await api.post('/api/v1/enterprises', {
            apiKey: bankA,
            rawBody: `{"creditCode":"${validCreditCode()}","name":"Proto Co","${key}":{"admin":true}}`,
          }),
          400,
        );
        expect(problem.errors).toContainEqual({ field: key, message: 'is not a known field' });
      },
    );

    it('a form-encoded body is 415', async () => {
      const reply = await api.post('/api/v1/enterprises', {
        apiKey: bankA,
        rawBody: `creditCode=${validCreditCode()}&name=Form+Co`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectProblem(reply, 415);
    });

    it('a wrong method on a known path is 405 with Allow', async () => {
      const reply = await api.delete('/api/v1/enterprises', { apiKey: bankA });
      expectProblem(reply, 405);
      expect(reply.headers.get('allow')).toBe('GET, POST');
      const onId = await api.put(`/api/v1/valuations/${enterpriseId}`, { apiKey: bankA, body: {} });
      expectProblem(onId, 405);
      expect(onId.headers.get('allow')).toBe('GET');
      expectProblem(await api.get('/api/v1/no-such-thing', { apiKey: bankA }), 404);
    });
  });

  describe('exposure', () => {
    it('only /health/live is public on the API port; readiness and metrics are on the management port', async () => {
      expect((await api.get('/health/live')).status).toBe(200);
      expectProblem(await api.get('/health/ready'), 404);
      expectProblem(await api.get('/metrics'), 404);
      const management = network.management('gateway');
      const ready = await fetch(`${management}/health/ready`);
      expect(ready.status).toBe(200);
      const metrics = await fetch(`${management}/metrics`);
      expect(await metrics.text()).toMatch(/tf_http_request_duration_seconds_count/);
    });

    it('financial responses are not cacheable: Cache-Control no-store on JSON, PDF and errors', async () => {
      const valuation = await requestValuation(bankA, [patent(validPatentNumber())], 'reporting');
      const json = await api.get(`/api/v1/valuations/${valuation.body.id}`, { apiKey: bankA });
      const pdf = await api.get(`/api/v1/valuations/${valuation.body.id}/report`, {
        apiKey: bankA,
      });
      const missing = await api.get(`/api/v1/valuations/${enterpriseId}`, { apiKey: bankA });
      expect([json.status, pdf.status, missing.status]).toEqual([200, 200, 404]);
      for (const reply of [json, pdf, missing])
        expect(reply.headers.get('cache-control')).toBe('no-store');
    });

    it('security headers on every answer, errors and Swagger included (helmet)', async () => {
      const answers = [
        await api.get(`/api/v1/enterprises/${enterpriseId}`, { apiKey: bankA }),
        await api.get(`/api/v1/enterprises/${newId()}`, { apiKey: bankA }),
        await api.get('/api/v1/enterprises'),
        await fetch(`${network.gateway}/docs`),
        // Refused before any route ran: no such route, a form body, broken JSON.
        await fetch(`${network.gateway}/api/v1/no-such-route`),
        await fetch(`${network.gateway}/api/v1/enterprises`, {
          method: 'POST',
          headers: { 'x-api-key': bankA, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'name=x',
        }),
        await fetch(`${network.gateway}/api/v1/enterprises`, {
          method: 'POST',
          headers: { 'x-api-key': bankA, 'content-type': 'application/json' },
          body: '{"name":',
        }),
      ];
      expect(answers.map((a) => a.status)).toEqual([200, 404, 401, 200, 404, 415, 400]);
      for (const reply of answers) {
        expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
        expect(reply.headers.get('x-frame-options')).toBe('DENY');
        expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
        expect(reply.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(reply.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(reply.headers.get('x-powered-by')).toBeNull();
      }
    });

    it('CORS is closed but to the configured console: another origin gets no allowance, preflight or not', async () => {
      const preflight = (origin: string) =>
        fetch(`${network.gateway}/api/v1/loan-applications`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'x-api-key, content-type, idempotency-key',
          },
        });
      const allowed = await preflight(CONSOLE);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(CONSOLE);
      expect(allowed.headers.get('access-control-allow-headers')).toContain('idempotency-key');
      for (const origin of ['https://evil.example', 'null', `${CONSOLE}.evil.example`]) {
        const refused = await preflight(origin);
        expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      }
      const simple = await fetch(`${network.gateway}/api/v1/enterprises/${enterpriseId}`, {
        headers: { origin: 'https://evil.example', 'x-api-key': bankA },
      });
      expect(simple.status).toBe(200);
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
      const console = await fetch(`${network.gateway}/api/v1/enterprises/${enterpriseId}`, {
        headers: { origin: CONSOLE, 'x-api-key': bankA },
      });
      expect(console.headers.get('access-control-allow-origin')).toBe(CONSOLE);
      expect(console.headers.get('access-control-expose-headers')).toContain('x-request-id');
    });
  });
});
