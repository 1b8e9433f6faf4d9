import { common, EVENTS_STREAM, guarantee, TenancyRpc, tenancy } from '@tf/contracts';
import { create, fromBinary } from '@bufbuild/protobuf';
import {
  DomainError,
  loadConfig,
  LOGGER,
  newId,
  PlatformConfig,
  ServiceClient,
  TenantDatabase,
  withDatabase,
  type EventContext,
  type RequestContext,
  type Sql,
} from '@tf/platform';
import { asTenant, rejection, TestStack, validCreditCode, withWrongCheck } from '@tf/testing';
import { connect } from 'nats';
import { Client } from 'pg';
import { service } from '../src/service';
import { StatsService } from '../src/stats/stats.service';

const jinan: RequestContext = {
  requestId: 'test-jinan',
  tenant: 'jinan',
  actor: { kind: 'system', id: 'test' },
};
const liaocheng: RequestContext = {
  requestId: 'test-liaocheng',
  tenant: 'liaocheng',
  actor: { kind: 'system', id: 'test' },
};
const platform: RequestContext = { requestId: 'test-platform' };

describe('tenancy service over NATS, on PostgreSQL', () => {
  let stack: TestStack;
  let client: ServiceClient;

  beforeAll(async () => {
    stack = await TestStack.start('tenancy');
    await stack.startService(service, {
      ADMIN_USERNAME: 'root-admin',
      ADMIN_PASSWORD: 'root-admin-password',
    });
    client = new ServiceClient(
      loadConfig(PlatformConfig, stack.env({ SERVICE_NAME: 'test-client' })),
    );
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await stack?.stop();
  });

  it('seeds the three centers and announces each once', async () => {
    const { items } = await client.request(TenancyRpc.listTenants, {}, platform);
    expect(items.map((t) => t.code).sort()).toEqual(['beijing', 'jinan', 'liaocheng']);
    expect(await announced('jinan')).toEqual([
      { code: 'jinan', name: expect.stringContaining('济南') },
    ]);
  });

  describe('enterprises', () => {
    it('registers one and reads it back in its own center only: another center gets 404', async () => {
      const creditCode = validCreditCode();
      const created = await client.request(
        TenancyRpc.createEnterprise,
        { creditCode, name: '济南量子科技有限公司', industry: 'software' },
        jinan,
      );
      expect(created).toMatchObject({ tenant: 'jinan', creditCode, name: '济南量子科技有限公司' });

      const read = await client.request(TenancyRpc.getEnterprise, { id: created.id }, jinan);
      expect(read.id).toBe(created.id);

      const error = await rejection(
        client.request(TenancyRpc.getEnterprise, { id: created.id }, liaocheng),
      );
      expect(error.status).toBe(404);
    });

    it('refuses a credit code with a wrong check character, naming the field', async () => {
      const error = await rejection(
        client.request(
          TenancyRpc.createEnterprise,
          { creditCode: withWrongCheck(validCreditCode()), name: 'X' },
          jinan,
        ),
      );
      expect(error.status).toBe(400);
      expect(error.options.fields).toEqual([
        { field: 'creditCode', message: 'has a wrong check character (GB 32100-2015)' },
      ]);
    });

    it('refuses the same credit code twice in one center (409) but not in another center', async () => {
      const creditCode = validCreditCode();
      await client.request(TenancyRpc.createEnterprise, { creditCode, name: 'A' }, jinan);
      const error = await rejection(
        client.request(TenancyRpc.createEnterprise, { creditCode, name: 'B' }, jinan),
      );
      expect(error.status).toBe(409);
      expect(error.code).toBe('ENTERPRISE_CREDIT_CODE_TAKEN');
      await expect(
        client.request(TenancyRpc.createEnterprise, { creditCode, name: 'C' }, liaocheng),
      ).resolves.toMatchObject({ tenant: 'liaocheng' });
    });

    it('refuses a tenant-scoped call without a tenant', async () => {
      const error = await rejection(client.request(TenancyRpc.listEnterprises, {}, platform));
      expect(error.code).toBe('TENANT_REQUIRED');
    });

    it('writes enterprise-registered to the outbox in the same transaction and relays it to JetStream', async () => {
      const created = await client.request(
        TenancyRpc.createEnterprise,
        { creditCode: validCreditCode(), name: 'Evented Co' },
        jinan,
      );
      const nc = await connect({ servers: stack.nats.url });
      try {
        const jsm = await nc.jetstreamManager();
        let found = false;
        for (let attempt = 0; attempt < 50 && !found; attempt++) {
          const message = await jsm.streams
            .getMessage(EVENTS_STREAM, {
              last_by_subj: 'tf.events.jinan.tenancy.enterprise-registered',
            })
            .catch(() => null);
          if (message) {
            const envelope = fromBinary(common.EventEnvelopeSchema, message.data);
            const payload = fromBinary(tenancy.EnterpriseRegisteredSchema, envelope.payload);
            found =
              envelope.id === message.header.get('Nats-Msg-Id') &&
              payload.enterprise?.id === created.id;
          }
          if (!found) await new Promise((r) => setTimeout(r, 100));
        }
        expect(found).toBe(true);
      } finally {
        await nc.close();
      }
    });
  });

  describe("a center's statistics, moved by a lot of events in one transaction", () => {
    const beijing = { requestId: 'test-stats', tenant: 'beijing', actor: jinan.actor };
    const approved = (enterpriseId: string, guaranteedAmount: string) =>
      create(guarantee.GuaranteeApprovedSchema, { enterpriseId, guaranteedAmount });

    /** Runs the handler for each event in one transaction of Beijing, as the inbox runs a lot. */
    async function lot(
      events: guarantee.GuaranteeApproved[],
      before: (sql: Sql) => Promise<void> = async () => undefined,
    ): Promise<void> {
      const app = stack.app('tenancy');
      const [db, stats] = [app.get(TenantDatabase), app.get(StatsService)];
      await db.transaction('beijing', async (sql) => {
        const ctx: EventContext = {
          ...db.tenantWrites(sql, beijing),
          eventId: newId(),
          occurredAt: new Date().toISOString(),
          log: app.get(LOGGER),
        };
        for (const event of events) await stats.guaranteeApproved(event, ctx);
        await before(sql);
      });
    }

    /** Beijing's figures, read as the center (the table's row-level security holds for the owner too). */
    const row = () =>
      asTenant(stack.db.ownerUrl, 'beijing', async (sql) => {
        const { rows } = await sql.query(
          `SELECT enterprises_guaranteed, guaranteed_amount::text FROM tenancy.center_stats`,
        );
        return rows[0] as Record<string, unknown> | undefined;
      });

    it('writes the row once for the lot: each enterprise counted once, the amounts summed exactly', async () => {
      const [a, b] = [newId(), newId()];
      let writes: unknown;
      await lot(
        [approved(a, '1000000.10'), approved(b, '2000000.20'), approved(a, '0.03')],
        async (sql) => {
          await sql.beforeCommit.run();
          [writes] = await sql.query(
            `SELECT n_tup_ins + n_tup_upd AS writes FROM pg_stat_xact_user_tables
              WHERE schemaname = 'tenancy' AND relname = 'center_stats'`,
          );
        },
      );
      expect(writes).toEqual({ writes: '1' });
      expect(await row()).toEqual({ enterprises_guaranteed: 2, guaranteed_amount: '3000000.33' });
      // The next lot counts against what was counted before: a is not counted again.
      await lot([approved(a, '0.67'), approved(newId(), '1.00')]);
      expect(await row()).toEqual({ enterprises_guaranteed: 3, guaranteed_amount: '3000002.00' });
    });

    it('an amount PostgreSQL cannot read fails the whole lot, and nothing of it is written', async () => {
      const before = await row();
      const failed = await lot([approved(newId(), '5.00'), approved(newId(), 'not-a-number')]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(String(failed)).toContain('invalid input syntax for type numeric');
      expect(await row()).toEqual(before);
    });
  });

  describe('row-level security for the runtime role', () => {
    let pg: Client;
    let jinanId: string;

    beforeAll(async () => {
      jinanId = (
        await client.request(
          TenancyRpc.createEnterprise,
          { creditCode: validCreditCode(), name: 'RLS Target' },
          jinan,
        )
      ).id;
      pg = new Client({ connectionString: stack.db.runtimeUrl('tenancy') });
      await pg.connect();
    });
    afterAll(() => pg?.end());

    it('connects as a role that cannot bypass RLS', async () => {
      const { rows } = await pg.query(
        'SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user',
      );
      expect(rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
    });

    it('with app.tenant_id = liaocheng, selects no Jinan row and cannot insert one', async () => {
      await pg.query('BEGIN');
      try {
        await pg.query(`SELECT set_config('app.tenant_id', 'liaocheng', true)`);
        const { rowCount } = await pg.query('SELECT 1 FROM tenancy.enterprises WHERE id = $1', [
          jinanId,
        ]);
        expect(rowCount).toBe(0);
        await expect(
          pg.query(
            `INSERT INTO tenancy.enterprises (id, tenant_id, credit_code, name) VALUES (gen_random_uuid(), 'jinan', $1, 'Smuggled')`,
            [validCreditCode()],
          ),
        ).rejects.toThrow(/row-level security/);
      } finally {
        await pg.query('ROLLBACK');
      }
    });

    it('with no tenant set, sees no rows at all', async () => {
      const { rows } = await pg.query('SELECT count(*)::int AS n FROM tenancy.enterprises');
      expect(rows[0].n).toBe(0);
      const owner = new Client({ connectionString: stack.db.ownerUrl });
      await owner.connect();
      try {
        // FORCE: even the owner sees nothing without a tenant.
        const forced = await owner.query('SELECT count(*)::int AS n FROM tenancy.enterprises');
        expect(forced.rows[0].n).toBe(0);
      } finally {
        await owner.end();
      }
    });

    it('a tenant set inside a transaction does not leak to the next one on the same connection', async () => {
      await pg.query('BEGIN');
      await pg.query(`SELECT set_config('app.tenant_id', 'jinan', true)`);
      const inside = await pg.query(
        'SELECT count(*)::int AS n FROM tenancy.enterprises WHERE id = $1',
        [jinanId],
      );
      await pg.query('COMMIT');
      const after = await pg.query(
        'SELECT count(*)::int AS n FROM tenancy.enterprises WHERE id = $1',
        [jinanId],
      );
      expect([inside.rows[0].n, after.rows[0].n]).toEqual([1, 0]);
    });
  });

  describe('partners and API keys', () => {
    it('issues a key shown once, authenticates it to its tenant and scopes, and refuses it once revoked', async () => {
      const partner = await client.request(
        TenancyRpc.createPartner,
        { name: '齐鲁银行', kind: 'bank' },
        jinan,
      );
      const issued = await client.request(TenancyRpc.issueApiKey, { partnerId: partner.id }, jinan);
      expect(issued.key).toHaveLength(54);
      expect(issued.apiKey?.prefix).toBe(issued.key.slice(0, 8));

      const principal = await client.request(
        TenancyRpc.authenticateApiKey,
        { key: issued.key },
        platform,
      );
      expect(principal).toMatchObject({
        tenant: 'jinan',
        partnerId: partner.id,
        partnerKind: 'bank',
      });
      expect(principal.scopes).toContain('loans:apply');

      await client.request(TenancyRpc.revokeApiKey, { id: issued.apiKey!.id }, jinan);
      expect(
        (
          await rejection(
            client.request(TenancyRpc.authenticateApiKey, { key: issued.key }, platform),
          )
        ).status,
      ).toBe(401);
    });

    it("cannot issue a key for another center's partner", async () => {
      const partner = await client.request(
        TenancyRpc.createPartner,
        { name: 'Jinan Bank', kind: 'bank' },
        jinan,
      );
      expect(
        (
          await rejection(
            client.request(TenancyRpc.issueApiKey, { partnerId: partner.id }, liaocheng),
          )
        ).status,
      ).toBe(404);
    });

    it('refuses an unknown partner kind, naming the field', async () => {
      const error = await rejection(
        client.request(TenancyRpc.createPartner, { name: 'X', kind: 'pawnshop' }, jinan),
      );
      expect(error.options.fields?.[0]?.field).toBe('kind');
    });
  });

  describe('staff users', () => {
    const login = (username: string, password: string) =>
      client.request(TenancyRpc.openSession, { username, password, ttlSeconds: 3600 }, platform);

    it('seeded the first platform admin from ADMIN_USERNAME / ADMIN_PASSWORD', async () => {
      const admin = await login('root-admin', 'root-admin-password');
      expect(admin.user).toMatchObject({ tenant: '', roles: ['platform-admin'] });
      expect(admin.session).toMatchObject({
        userId: admin.user?.id,
        expiresAt: expect.any(String),
      });
      expect(admin.session?.tenant).toBeUndefined();
      expect((await rejection(login('root-admin', 'wrong-password!'))).status).toBe(401);
    });

    it('creates center staff; a username taken anywhere gets one answer that names no center', async () => {
      const user = await client.request(
        TenancyRpc.createUser,
        { username: 'analyst.wang', password: 'a long passphrase', roles: ['analyst'] },
        jinan,
      );
      expect(user).toMatchObject({ tenant: 'jinan', roles: ['analyst'] });
      const elsewhere = await rejection(
        client.request(
          TenancyRpc.createUser,
          { username: 'analyst.wang', password: 'a long passphrase', roles: ['analyst'] },
          liaocheng,
        ),
      );
      const here = await rejection(
        client.request(
          TenancyRpc.createUser,
          { username: 'analyst.wang', password: 'a long passphrase', roles: ['analyst'] },
          jinan,
        ),
      );
      expect([elsewhere.status, elsewhere.code, elsewhere.detail]).toEqual([
        409,
        'USERNAME_UNAVAILABLE',
        here.detail,
      ]);
    });

    it('will not create a platform admin through a center', async () => {
      const error = await rejection(
        client.request(
          TenancyRpc.createUser,
          { username: 'sneaky', password: 'a long passphrase', roles: ['platform-admin'] },
          jinan,
        ),
      );
      expect(error.options.fields?.[0]?.field).toBe('roles');
    });

    it('30 wrong passwords in parallel: 5 are checked, the other 25 meet the lock', async () => {
      await client.request(
        TenancyRpc.createUser,
        { username: 'parallel.target', password: 'the real passphrase', roles: ['auditor'] },
        jinan,
      );
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) => login('parallel.target', `guess ${i} of thirty`)),
      );
      const statuses = results.map((r) =>
        r.status === 'rejected' && r.reason instanceof DomainError ? r.reason.status : 200,
      );
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(25);
      const locked = await rejection(login('parallel.target', 'the real passphrase'));
      expect([locked.status, locked.type]).toEqual([429, 'login-locked']);
      expect(locked.options.retryAfterSeconds).toBeGreaterThan(0);
    });

    it('an unknown username costs the same password check as a wrong password (no timing oracle)', async () => {
      for (const username of ['timing.one', 'timing.two']) {
        await client.request(
          TenancyRpc.createUser,
          { username, password: 'the timing passphrase', roles: ['auditor'] },
          jinan,
        );
      }
      const timed = async (username: string) => {
        const started = process.hrtime.bigint();
        await rejection(login(username, 'not the passphrase'));
        return Number(process.hrtime.bigint() - started);
      };
      const unknown: number[] = [];
      const wrong: number[] = [];
      // Alternating, under the lock threshold for each known account; compared as a ratio of
      // medians measured side by side, never as absolute times.
      for (let i = 0; i < 8; i++) {
        unknown.push(await timed(`nobody.${i}.${Date.now()}`));
        wrong.push(await timed(i % 2 ? 'timing.one' : 'timing.two'));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
      // Without the dummy hash an unknown name answered ~8 times faster than a wrong password.
      expect(median(unknown) / median(wrong)).toBeGreaterThan(0.5);
    });

    it('a session stands until logout; disabling the user ends all its sessions and logins', async () => {
      const user = await client.request(
        TenancyRpc.createUser,
        { username: 'session.holder', password: 'the session passphrase', roles: ['auditor'] },
        jinan,
      );
      const first = await login('session.holder', 'the session passphrase');
      const second = await login('session.holder', 'the session passphrase');
      const check = (id: string) => client.request(TenancyRpc.checkSession, { id }, platform);
      expect((await check(first.session!.id)).tenant).toBe('jinan');
      await client.request(TenancyRpc.closeSession, { id: first.session!.id }, platform);
      expect((await rejection(check(first.session!.id))).code).toBe('SESSION_REVOKED');
      expect((await check(second.session!.id)).userId).toBe(user.id);

      // Another center cannot even find the user to disable.
      expect(
        (await rejection(client.request(TenancyRpc.disableUser, { id: user.id }, liaocheng)))
          .status,
      ).toBe(404);
      const disabled = await client.request(TenancyRpc.disableUser, { id: user.id }, jinan);
      expect(disabled.disabledAt).toEqual(expect.any(String));
      expect((await rejection(check(second.session!.id))).code).toBe('SESSION_REVOKED');
      expect((await rejection(login('session.holder', 'the session passphrase'))).status).toBe(401);
      expect((await rejection(check('not-a-session'))).status).toBe(401);
    });
  });

  describe('an SME partner', () => {
    it('is bound to an enterprise of its own center, and its key sees that enterprise only', async () => {
      const own = await client.request(
        TenancyRpc.createEnterprise,
        { creditCode: validCreditCode(), name: '济南量子芯片科技有限公司' },
        jinan,
      );
      const other = await client.request(
        TenancyRpc.createEnterprise,
        { creditCode: validCreditCode(), name: '济南光电传感有限公司' },
        jinan,
      );
      expect(
        (
          await rejection(
            client.request(TenancyRpc.createPartner, { name: 'SME', kind: 'enterprise' }, jinan),
          )
        ).options.fields?.[0]?.field,
      ).toBe('enterpriseId');
      expect(
        (
          await rejection(
            client.request(
              TenancyRpc.createPartner,
              { name: 'SME', kind: 'enterprise', enterpriseId: own.id },
              liaocheng,
            ),
          )
        ).status,
      ).toBe(404);
      expect(
        (
          await rejection(
            client.request(
              TenancyRpc.createPartner,
              { name: 'Bank', kind: 'bank', enterpriseId: own.id },
              jinan,
            ),
          )
        ).status,
      ).toBe(400);

      const partner = await client.request(
        TenancyRpc.createPartner,
        { name: 'SME', kind: 'enterprise', enterpriseId: own.id },
        jinan,
      );
      expect(partner.enterpriseId).toBe(own.id);
      const issued = await client.request(TenancyRpc.issueApiKey, { partnerId: partner.id }, jinan);
      const principal = await client.request(
        TenancyRpc.authenticateApiKey,
        { key: issued.key },
        platform,
      );
      expect(principal).toMatchObject({ partnerKind: 'enterprise', enterpriseId: own.id });

      const asSme: RequestContext = {
        requestId: 'test-sme',
        tenant: 'jinan',
        actor: {
          kind: 'partner',
          id: partner.id,
          apiKeyId: issued.apiKey!.id,
          partnerKind: 'enterprise',
          scopes: principal.scopes,
          enterpriseId: own.id,
        },
      };
      const listed = await client.request(TenancyRpc.listEnterprises, {}, asSme);
      expect(listed.items.map((e) => e.id)).toEqual([own.id]);
      expect((await client.request(TenancyRpc.getEnterprise, { id: own.id }, asSme)).id).toBe(
        own.id,
      );
      expect(
        (await rejection(client.request(TenancyRpc.getEnterprise, { id: other.id }, asSme))).status,
      ).toBe(404);
    });
  });

  describe('centers', () => {
    it('creates a center and announces it in the same transaction; a second one with its code is 409', async () => {
      const created = await client.request(
        TenancyRpc.createTenant,
        { code: 'qingdao', name: '青岛科技金融服务中心' },
        platform,
      );
      expect(created).toMatchObject({ code: 'qingdao', name: '青岛科技金融服务中心' });
      expect(await announced('qingdao')).toEqual([
        { code: 'qingdao', name: '青岛科技金融服务中心' },
      ]);
      const again = await rejection(
        client.request(TenancyRpc.createTenant, { code: 'qingdao', name: 'Again' }, platform),
      );
      expect([again.status, again.code]).toEqual([409, 'TENANT_EXISTS']);
      expect(await announced('qingdao')).toHaveLength(1);
      const bad = await rejection(
        client.request(TenancyRpc.createTenant, { code: 'Q', name: 'x' }, platform),
      );
      expect(bad.options.fields?.[0]?.field).toBe('code');
    });
  });

  /** The tenant-created events the outbox holds for a center. */
  async function announced(code: string): Promise<{ code: string; name: string }[]> {
    const db = new Client({ connectionString: withDatabase(stack.db.adminUrl, stack.db.name) });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT envelope FROM tenancy.outbox WHERE type = 'tenant-created' AND tenant_id = $1`,
        [code],
      );
      return rows.map((row: { envelope: Buffer }) => {
        const envelope = fromBinary(common.EventEnvelopeSchema, row.envelope);
        const { code: c, name } = fromBinary(tenancy.TenantCreatedSchema, envelope.payload);
        return { code: c, name };
      });
    } finally {
      await db.end();
    }
  }
});
