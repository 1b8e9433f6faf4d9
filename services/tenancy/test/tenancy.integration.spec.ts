import { common, EVENTS_STREAM, TenancyRpc, tenancy } from '@tf/contracts';
import { fromBinary } from '@bufbuild/protobuf';
import {
  DomainError,
  loadConfig,
  PlatformConfig,
  ServiceClient,
  type RequestContext,
} from '@tf/platform';
import { TestStack, validCreditCode, withWrongCheck } from '@tf/testing';
import { connect } from 'nats';
import { Client } from 'pg';
import { service } from '../src/service';

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

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

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

  it('seeds the three centers with the default policy', async () => {
    const { items } = await client.request(TenancyRpc.listTenants, {}, platform);
    expect(items.map((t) => t.code).sort()).toEqual(['beijing', 'jinan', 'liaocheng']);
    expect(items.find((t) => t.code === 'jinan')?.policy?.loanPrimeRate).toBe('0.0300');
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
      pg = new Client({ connectionString: stack.db.url });
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
    it('seeded the first platform admin from ADMIN_USERNAME / ADMIN_PASSWORD', async () => {
      const admin = await client.request(
        TenancyRpc.verifyPassword,
        { username: 'root-admin', password: 'root-admin-password' },
        platform,
      );
      expect(admin).toMatchObject({ tenant: '', roles: ['platform-admin'] });
      expect(
        (
          await rejection(
            client.request(
              TenancyRpc.verifyPassword,
              { username: 'root-admin', password: 'wrong-password!' },
              platform,
            ),
          )
        ).status,
      ).toBe(401);
    });

    it('creates center staff; usernames are unique across centers', async () => {
      const user = await client.request(
        TenancyRpc.createUser,
        { username: 'analyst.wang', password: 'a long password', roles: ['analyst'] },
        jinan,
      );
      expect(user).toMatchObject({ tenant: 'jinan', roles: ['analyst'] });
      const again = await rejection(
        client.request(
          TenancyRpc.createUser,
          { username: 'analyst.wang', password: 'a long password', roles: ['analyst'] },
          liaocheng,
        ),
      );
      expect(again.status).toBe(409);
    });

    it('will not create a platform admin through a center', async () => {
      const error = await rejection(
        client.request(
          TenancyRpc.createUser,
          { username: 'sneaky', password: 'a long password', roles: ['platform-admin'] },
          jinan,
        ),
      );
      expect(error.options.fields?.[0]?.field).toBe('roles');
    });
  });

  describe('policy', () => {
    it('changes only the named fields and refuses a policy that breaks a rule', async () => {
      const updated = await client.request(
        TenancyRpc.updatePolicy,
        { code: 'beijing', policy: { loanPrimeRate: '0.0310' }, fields: ['loanPrimeRate'] },
        platform,
      );
      expect(updated.policy?.loanPrimeRate).toBe('0.0310');
      expect(updated.policy?.discountRate).toBe('0.15');
      const error = await rejection(
        client.request(
          TenancyRpc.updatePolicy,
          { code: 'beijing', policy: { riskShareBank: '0.5' }, fields: ['riskShareBank'] },
          platform,
        ),
      );
      expect(error.status).toBe(400);
    });
  });
});
