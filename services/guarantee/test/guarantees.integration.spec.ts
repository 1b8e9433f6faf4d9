import { GuaranteeRpc } from '@tf/contracts';
import {
  loadConfig,
  newId,
  PlatformConfig,
  ServiceClient,
  TenantDatabase,
  type Actor,
} from '@tf/platform';
import { GuaranteeEntity } from '../src/guarantees/guarantee.entity';
import { actingAs, asTenant, partnerActor, rejection, staffActor, TestStack } from '@tf/testing';
import { service } from '../src/service';

const as = actingAs;
const bank = (id = newId()): Actor =>
  partnerActor('bank', ['guarantees:read', 'guarantees:request'], id);
const analyst = (): Actor => staffActor('analyst');

describe('guarantee: a guarantee is seen in its center, by its lending bank and by staff', () => {
  let stack: TestStack;
  let client: ServiceClient;
  const lender = bank();
  const id = newId();

  beforeAll(async () => {
    stack = await TestStack.start('guarantee');
    await stack.startService(service);
    client = new ServiceClient(loadConfig(PlatformConfig, stack.env()));
    await asTenant(stack.db.ownerUrl, 'jinan', async (sql) => {
      const institution = newId();
      await sql.query(
        `INSERT INTO guarantee.institutions (id, tenant_id, name, net_assets) VALUES ($1, 'jinan', 'test', 1000000)
         ON CONFLICT (tenant_id) DO NOTHING`,
        [institution],
      );
      const [row] = (await sql.query(`SELECT id FROM guarantee.institutions`)).rows;
      await sql.query(
        `INSERT INTO guarantee.guarantees (id, tenant_id, institution_id, enterprise_id, lender_partner_id,
           principal, term_months, coverage_ratio, guaranteed_amount, annual_fee_rate, fee, risk_shares,
           counter_guarantees, pledge_value, status, requested_by, requested_by_partner)
         VALUES ($1, 'jinan', $2, $3, $4, 100000, 12, 0.5, 50000, 0.01, 500, '[]', '[]', 0, 'pending', $5, $4)`,
        [id, row.id, newId(), lender.id, `partner:${lender.id}`],
      );
    });
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await stack?.stop();
  });

  it('a read sees one moment: a commit between two of its statements is not half seen', async () => {
    const db = stack.app('guarantee').get(TenantDatabase);
    const jinan = { ...as('jinan', analyst()), tenant: 'jinan' };
    const reads = await db.read(jinan, async (tx) => {
      const first = await tx.rows(GuaranteeEntity).findById(id);
      await asTenant(stack.db.ownerUrl, 'jinan', (sql) =>
        sql.query(
          `UPDATE guarantee.guarantees SET updated_at = now() + interval '1 hour' WHERE id = $1`,
          [id],
        ),
      );
      const second = await tx.rows(GuaranteeEntity).findById(id);
      return [first?.updatedAt, second?.updatedAt];
    });
    expect(reads[1]).toEqual(reads[0]);
    const after = await db.read(jinan, (tx) => tx.rows(GuaranteeEntity).findById(id));
    expect(after?.updatedAt.getTime()).toBeGreaterThan(reads[0]!.getTime());
  });

  it('the lending bank and the center’s staff read it', async () => {
    for (const ctx of [as('jinan', lender), as('jinan', analyst())]) {
      const found = await client.request(GuaranteeRpc.get, { id }, ctx);
      expect(found).toMatchObject({
        id,
        tenant: 'jinan',
        guaranteedAmount: '50000.00',
        status: 'pending',
      });
    }
  });

  it('a rival bank of the same center is told 404, and may never approve', async () => {
    const rival = as('jinan', bank());
    const read = await rejection(client.request(GuaranteeRpc.get, { id }, rival));
    expect(read.declared.code).toBe('GUARANTEE_NOT_FOUND');
    const approve = await rejection(client.request(GuaranteeRpc.approve, { id }, rival));
    expect(approve.declared.code).toBe('GUARANTEE_APPROVER_NOT_ANALYST');
  });

  it("another center's analyst is told 404, reading or approving", async () => {
    const foreign = as('liaocheng', analyst());
    for (const call of [
      client.request(GuaranteeRpc.get, { id }, foreign),
      client.request(GuaranteeRpc.approve, { id }, foreign),
    ]) {
      expect((await rejection(call)).declared.code).toBe('GUARANTEE_NOT_FOUND');
    }
  });

  it("only a center's admin states the institution's net assets, never an analyst or a bank", async () => {
    for (const actor of [analyst(), lender]) {
      const refused = await rejection(
        client.request(GuaranteeRpc.updateInstitution, { netAssets: '1.00' }, as('jinan', actor)),
      );
      expect(refused.declared.code).toBe('INSTITUTION_CHANGE_NOT_ADMIN');
    }
    const admin = as('jinan', { kind: 'user', id: newId(), roles: ['center-admin'] });
    const stated = await client.request(
      GuaranteeRpc.updateInstitution,
      { netAssets: '2000000' },
      admin,
    );
    expect(stated).toMatchObject({ netAssets: '2000000.00', headroom: '20000000.00' });
  });

  it("PostgreSQL itself hides it and the institution from another center's session (row-level security)", async () => {
    for (const table of ['guarantee.guarantees', 'guarantee.institutions']) {
      const rows = await asTenant(stack.db.runtimeUrl('guarantee'), 'liaocheng', (sql) =>
        sql.query(`SELECT id FROM ${table} WHERE tenant_id = 'jinan'`),
      );
      expect(rows.rowCount).toBe(0);
    }
  });
});
