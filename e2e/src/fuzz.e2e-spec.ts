import 'reflect-metadata';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { IS_PUBLIC, withDatabase } from '@tf/platform';
import { validCreditCode } from '@tf/testing';
import { Api, expectProblem, partnerWithKey, registerEnterprise, staffToken } from './http-client';
import { startNetwork, type Network } from './network';
import {
  fuzzCases,
  fuzzRoutes,
  send,
  verdictOf,
  type FuzzCase,
  type FuzzContext,
  type FuzzRoute,
} from './openapi-fuzz';
import type { OpenApiDocument } from './openapi-limits';
import { grantedInvention } from './fixtures';

/**
 * Bad input, generated (issue 14, item 2). From the gateway's own OpenAPI document, fast-check
 * makes malformed bodies, query strings, path ids and headers for every operation, and sends
 * each with a credential the operation allows, so that it reaches validation rather than the
 * guard. Every answer must be a 4xx application/problem+json (never a 5xx), and nothing may be
 * written: every table of every schema is counted and digested, as the superuser, before and
 * after. The seed is fixed (FUZZ_SEED overrides it; FUZZ_RUNS sets the cases per operation;
 * FUZZ_DUMP=<file> writes every wrong answer) and printed, so a failure can be replayed exactly.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_214);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 60);
/** Requests in flight at once: enough to keep the network busy on two cores, no more. */
const IN_FLIGHT = 6;
/** The gateway's body limit (BODY_LIMIT in configure-http.ts): 1 MiB of JSON. */
const BODY_LIMIT = 1024 * 1024;
const IDEMPOTENCY_PREFIX = 'fuzz-';
const PASSPHRASE = 'a long and private passphrase';

/**
 * Tables a refused call may legitimately write, and why. Every other table must keep its rows
 * and its content exactly.
 */
const WRITTEN_BY_REFUSALS: Record<string, string> = {
  // API.md: a client error is stored under its Idempotency-Key so that a retry replays it. Only
  // cases that sent a well-formed key and got past the body parser reach the store.
  'gateway.idempotency_keys': 'a 4xx stored for replay under the case’s Idempotency-Key',
  // The audit trail records every state-changing call, refusals included (issue 14, item 6).
  'gateway.audit_log': 'the refusal recorded in the audit trail',
};

interface TableState {
  rows: number;
  digest: string;
}

describe('bad input, generated from the OpenAPI document', () => {
  let network: Network;
  let api: Api;
  let db: Client;
  let doc: OpenApiDocument;
  const credentials: Record<string, Record<string, string>> = {};
  const foreignIds: string[] = [];

  beforeAll(async () => {
    network = await startNetwork('fuzz', {
      // Thousands of requests from one client and one address in a minute: no 429 in the way.
      RATE_LIMIT_PER_MINUTE: '1000000',
      AUTH_FAILURES_PER_MINUTE: '1000000',
    });
    api = new Api(network.gateway);
    db = new Client({
      connectionString: withDatabase(network.stack.db.adminUrl, network.stack.db.name),
    });
    await db.connect();

    const admin = await api.token(network.admin.username, network.admin.password);
    const staff = (roles: string[], name: string) =>
      staffToken(api, admin, 'jinan', {
        username: `jinan.fuzz.${name}`,
        password: PASSPHRASE,
        roles,
      });
    credentials.admin = { authorization: `Bearer ${admin}`, 'x-tenant-id': 'jinan' };
    credentials.analyst = { authorization: `Bearer ${await staff(['analyst'], 'analyst')}` };
    credentials.centerAdmin = { authorization: `Bearer ${await staff(['center-admin'], 'admin')}` };
    // Logging out ends the session of the token that calls it: a session of its own, so a
    // case that got through would not take the others' credential with it.
    credentials.logout = {
      authorization: `Bearer ${await api.token(network.admin.username, network.admin.password)}`,
    };
    credentials.bank = { 'x-api-key': (await partnerWithKey(api, admin, 'jinan', 'bank')).key };

    // Another center's objects: every route must answer them 404.
    const liaocheng = await partnerWithKey(api, admin, 'liaocheng', 'bank');
    const enterpriseId = await registerEnterprise(api, liaocheng.key);
    const key = await api.post(`/api/v1/partners/${liaocheng.id}/api-keys`, {
      token: admin,
      tenant: 'liaocheng',
    });
    const user = await api.post('/api/v1/users', {
      token: admin,
      tenant: 'liaocheng',
      body: { username: 'liaocheng.fuzz.analyst', password: PASSPHRASE, roles: ['analyst'] },
    });
    const valuation = await api.post('/api/v1/valuations', {
      apiKey: liaocheng.key,
      body: {
        enterpriseId,
        purpose: 'pledge',
        referenceDate: new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10),
        assets: [grantedInvention({ ipcClass: 'H01L 23/00' })],
        income: { annualRevenue: ['3000000.00', '3600000.00', '4200000.00'] },
      },
    });
    expect([key.status, user.status, valuation.status]).toEqual([201, 201, 201]);
    foreignIds.push(liaocheng.id, enterpriseId, key.body.id, user.body.id, valuation.body.id);

    const reply = await api.get('/docs-json');
    expect(reply.status).toBe(200);
    doc = reply.body as OpenApiDocument;
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await network?.stack.stop();
  });

  /** The credential each operation allows, from the gateway's own @Allow/@Public. */
  function credentialFor(route: FuzzRoute): Record<string, string> {
    if (route.path.endsWith('/auth/logout')) return credentials.logout!;
    const rule = ruleOf(route);
    if (rule === 'public') return {};
    if (rule.scopes?.some((scope) => BANK_SCOPES.includes(scope))) return credentials.bank!;
    if (rule.roles.includes('platform-admin')) return credentials.admin!;
    if (rule.roles.includes('analyst')) return credentials.analyst!;
    if (rule.roles.includes('center-admin')) return credentials.centerAdmin!;
    throw new Error(`${route.method} ${route.path}: no credential here is allowed on it`);
  }

  /** Every table of every schema: its rows, and a digest of their content. */
  async function tables(): Promise<Map<string, TableState>> {
    const { rows: names } = await db.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
       ORDER BY 1`,
    );
    const state = new Map<string, TableState>();
    for (const { name } of names) {
      const { rows } = await db.query<{ rows: number; digest: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))
         AS digest FROM ${name} t`,
      );
      state.set(name, rows[0]!);
    }
    return state;
  }

  /** The tables once nothing moves any more (events of the setup handled, outboxes relayed). */
  async function settled(): Promise<Map<string, TableState>> {
    let last = await tables();
    for (let i = 0; i < 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const next = await tables();
      if (JSON.stringify([...next]) === JSON.stringify([...last])) return next;
      last = next;
    }
    throw new Error('the database never settled: something keeps writing');
  }

  it(`answers thousands of malformed requests with a 4xx problem, writes nothing (seed ${SEED})`, async () => {
    const routes = fuzzRoutes(doc);
    expect(routes.length).toBeGreaterThan(50);
    const context: FuzzContext = {
      pathDefaults: { code: 'jinan' },
      foreignIds,
      bodyLimit: BODY_LIMIT,
      idempotencyPrefix: IDEMPOTENCY_PREFIX,
    };
    const before = await settled();
    const started = new Date();
    const startedAt = Date.now();

    const tried = new Map<string, Record<string, number>>();
    const failures: string[] = [];
    const queue = routes.map((route, index) => ({ route, index }));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { route, index } = next;
        const credential = credentialFor(route);
        const counts: Record<string, number> = {};
        tried.set(`${route.method} ${route.path}`, counts);
        // One seed per operation, derived from the run's: a route's cases do not change
        // when another route is added.
        const cases = fc.sample(fuzzCases(route, doc, context), {
          seed: SEED + index,
          numRuns: RUNS_PER_ROUTE,
        });
        for (const c of cases) {
          counts[c.kind] = (counts[c.kind] ?? 0) + 1;
          const verdict = verdictOf(c, await send(network.gateway, c, credential));
          if (verdict) failures.push(`${describeCase(c)} → ${verdict}`);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = (Date.now() - startedAt) / 1000;

    const after = await settled();
    const changed = [...after]
      .filter(([name, state]) => JSON.stringify(before.get(name)) !== JSON.stringify(state))
      .map(([name, state]) => ({
        name,
        rows: state.rows - (before.get(name)?.rows ?? 0),
        contentOnly: state.rows === before.get(name)?.rows,
      }));

    const total = [...tried.values()].reduce(
      (sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0),
      0,
    );
    console.log(
      [
        `fuzz: seed ${SEED} (FUZZ_SEED), ${RUNS_PER_ROUTE} cases per operation (FUZZ_RUNS)`,
        ...[...tried].map(
          ([route, counts]) =>
            `  ${route}: ${Object.values(counts).reduce((a, b) => a + b, 0)} (${Object.entries(
              counts,
            )
              .map(([kind, n]) => `${kind} ${n}`)
              .join(', ')})`,
        ),
        `fuzz: ${total} cases on ${tried.size} operations in ${seconds.toFixed(1)} s, ` +
          `${failures.length} wrong answers`,
        `fuzz: tables written: ${
          changed.map(({ name, rows }) => `${name} +${rows}`).join(', ') || 'none'
        }`,
      ].join('\n'),
    );

    // Every wrong answer, when the first 40 below are not enough to see the pattern.
    if (process.env.FUZZ_DUMP) writeFileSync(process.env.FUZZ_DUMP, `${failures.join('\n')}\n`);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(routes.length * RUNS_PER_ROUTE);
    expect(changed.filter(({ name }) => !(name in WRITTEN_BY_REFUSALS))).toEqual([]);

    // What the refusals wrote is what they were allowed to: replays of client errors under
    // the cases' own keys, and audit rows of refusals.
    const { rows: keys } = await db.query<{ key: string; state: string; status: number }>(
      `SELECT key, state, response_status AS status FROM gateway.idempotency_keys
         WHERE created_at >= $1`,
      [started],
    );
    expect(
      keys.filter(
        (k) =>
          !k.key.startsWith(IDEMPOTENCY_PREFIX) ||
          k.state !== 'completed' ||
          k.status < 400 ||
          k.status >= 500,
      ),
    ).toEqual([]);
    // The audit trail holds the refusals of state-changing calls, and the reads of the trail
    // itself (GET /audit given a body or a query it ignores, answered 200): nothing else.
    const audited = after.has('gateway.audit_log')
      ? (
          await db.query<{ method: string; route: string | null; status: number }>(
            `SELECT method, route, status FROM gateway.audit_log WHERE occurred_at >= $1`,
            [started],
          )
        ).rows
      : [];
    expect(
      audited.filter(
        (row) =>
          row.status >= 500 ||
          (row.status < 400 && !(row.method === 'GET' && row.route === '/api/v1/audit')),
      ),
    ).toEqual([]);
  }, 240_000);

  /**
   * What the fuzzer found, each pinned by itself: a 5xx, an answer that was not a problem, or a
   * malformed value written to the database.
   */
  describe('the defects it found', () => {
    const raw = (
      method: string,
      target: string,
      headers: Record<string, string>,
      body?: Buffer,
      chunked = false,
    ) =>
      send(
        network.gateway,
        {
          kind: 'pinned',
          label: target,
          method,
          target,
          headers,
          body,
          chunked,
          expect: 'refused',
        },
        {},
      );
    const problemOf = (answer: {
      status: number;
      contentType: string;
      headers: Record<string, unknown>;
      text: string;
    }) => {
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      const problem = JSON.parse(answer.text);
      expect(problem).toMatchObject({
        status: answer.status,
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
        instance: expect.any(String),
      });
      return problem;
    };
    const rows = async (table: string) =>
      (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

    it('a lone surrogate in free text is refused, naming the field, and not stored as U+FFFD (was 201)', async () => {
      const before = await rows('tenancy.enterprises');
      const reply = await api.post('/api/v1/enterprises', {
        headers: credentials.bank!,
        body: {
          creditCode: validCreditCode(),
          name: '济南量子芯片科技有限公司',
          groupCode: 'LC-\ud800',
        },
      });
      expect(expectProblem(reply, 400).errors).toEqual([
        { field: 'groupCode', message: 'must be Unicode text (it has a lone surrogate)' },
      ]);
      const institution = await api.patch('/api/v1/guarantee-institution', {
        headers: credentials.admin!,
        body: { name: '济南科技融资担保\udc00' },
      });
      expect(expectProblem(institution, 400).errors).toEqual([
        { field: 'name', message: 'must be Unicode text (it has a lone surrogate)' },
      ]);
      expect(await rows('tenancy.enterprises')).toBe(before);
    });

    it('bytes that are not UTF-8 in a JSON body are refused, chunked or not (not kept as U+FFFD)', async () => {
      const body = Buffer.concat([
        Buffer.from('{"name":"齐鲁'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('银行","kind":"bank"}'),
      ]);
      for (const chunked of [false, true]) {
        const answer = await raw(
          'POST',
          '/api/v1/partners',
          { ...credentials.admin!, 'content-type': 'application/json' },
          body,
          chunked,
        );
        expect(answer.status).toBe(400);
        expect(problemOf(answer).errors).toEqual([{ field: 'body', message: 'is not UTF-8 text' }]);
      }
    });

    it('a NUL byte in a path id names nothing: 404, not a 500 from PostgreSQL', async () => {
      const policy = await raw(
        'PATCH',
        '/api/v1/tenants/%00/policy',
        { ...credentials.admin!, 'content-type': 'application/json' },
        Buffer.from('{}'),
      );
      expect(policy.status).toBe(404);
      problemOf(policy);
      // With an Idempotency-Key the 404 is stored for replay; its detail once carried the NUL,
      // which jsonb refuses (a 500 after the refusal).
      const close = await raw('POST', '/api/v1/listings/%00/close', {
        ...credentials.analyst!,
        'idempotency-key': `${IDEMPOTENCY_PREFIX}nul-close`,
      });
      expect(close.status).toBe(404);
      problemOf(close);
    });

    it('a list inside a list of objects is refused, not a 500 from the message encoder', async () => {
      const reply = await api.post('/api/v1/loan-applications', {
        headers: { ...credentials.bank!, 'idempotency-key': `${IDEMPOTENCY_PREFIX}nested-list` },
        body: {
          enterpriseId: foreignIds[1],
          productCode: 'ip-pledge',
          principal: '1000000.00',
          termMonths: 12,
          repaymentMethod: 'equal_installment',
          collateral: [[]],
        },
      });
      expect(expectProblem(reply, 400).errors).toContainEqual({
        field: 'collateral',
        message: 'each collateral must be an object',
      });
    });

    it('what the router and the HTTP parser refuse is a problem with a request id too', async () => {
      const badEncoding = await raw('GET', '/api/v1/enterprises/%E0%A4%zz', credentials.bank!);
      expect(badEncoding.status).toBe(400);
      expect(problemOf(badEncoding).errors).toEqual([
        { field: 'path', message: 'is not percent-encoded UTF-8' },
      ]);
      const longId = await raw('GET', `/api/v1/enterprises/${'a'.repeat(200)}`, credentials.bank!);
      expect(longId.status).toBe(414);
      problemOf(longId);
      const hugeHeader = await raw('GET', '/api/v1/enterprises', {
        ...credentials.bank!,
        'x-padding': 'p'.repeat(20_000),
      });
      expect(hugeHeader.status).toBe(431);
      expect(problemOf(hugeHeader).instance).toMatch(/^urn:uuid:/);
    });
  });
});

/**
 * The gateway's and tenancy's own declarations, loaded as network.ts loads the services (the e2e
 * project may run services, not import them by path): who may call each route, and what a
 * bank's key may do.
 */
const SERVICES = join(__dirname, '..', '..', 'services');
const load = <T>(service: string, file: string): T =>
  require(join(SERVICES, service, 'src', file)) as T;

interface AccessRule {
  roles: readonly string[];
  scopes?: readonly string[];
}
interface MountedRoute {
  method: string;
  path: string;
  controller: object;
  handler: object;
}

const { ACCESS_RULE } = load<{ ACCESS_RULE: string }>('gateway', 'auth/allow.decorator.ts');
const GATEWAY_ROUTES = (() => {
  const { AppModule } = load<{ AppModule: { forRoot(config: unknown): unknown } }>(
    'gateway',
    'app.module.ts',
  );
  const { GatewayConfig } = load<{ GatewayConfig: new () => unknown }>('gateway', 'config.ts');
  const { routesOfModule } = load<{ routesOfModule(module: unknown): MountedRoute[] }>(
    'gateway',
    'http/routes.ts',
  );
  return routesOfModule(AppModule.forRoot(new GatewayConfig()));
})();

/** Scopes a bank's key holds: a route taking one of them is called with the bank's key. */
const BANK_SCOPES = load<{ SCOPES_BY_KIND: Record<string, readonly string[]> }>(
  'tenancy',
  'partners/partner-kinds.ts',
).SCOPES_BY_KIND.bank!;

/** The @Allow rule of a documented operation, or 'public' for @Public (the login). */
function ruleOf(route: FuzzRoute): AccessRule | 'public' {
  const path = route.path.replace(/\{(\w+)\}/g, ':$1');
  const found = GATEWAY_ROUTES.find((r) => r.method === route.method && r.path === path);
  if (!found) throw new Error(`${route.method} ${route.path} is documented but not mounted`);
  const read = (key: string) =>
    Reflect.getMetadata(key, found.handler) ?? Reflect.getMetadata(key, found.controller);
  if (read(IS_PUBLIC)) return 'public';
  const rule = read(ACCESS_RULE) as AccessRule | undefined;
  if (!rule) throw new Error(`${route.method} ${route.path} declares no @Allow`);
  return rule;
}

function describeCase(c: FuzzCase): string {
  return `${c.method} ${c.target.slice(0, 120)} [${c.label.slice(0, 200)}]`;
}
