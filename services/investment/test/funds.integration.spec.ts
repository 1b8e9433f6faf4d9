import { InvestmentRpc } from '@tf/contracts';
import {
  loadConfig,
  newId,
  PlatformConfig,
  ServiceClient,
  type Actor,
  type RequestContext,
} from '@tf/platform';
import { asTenant, rejection, TestStack } from '@tf/testing';
import { service } from '../src/service';

const as = (tenant: string, actor: Actor): RequestContext => ({
  requestId: newId(),
  tenant,
  actor,
});
const partner = (): Actor => ({
  kind: 'partner',
  id: newId(),
  apiKeyId: newId(),
  partnerKind: 'bank',
  scopes: ['funds:read'],
});

describe('investment: a fund is seen in its center, by the partner that asked and by staff', () => {
  let stack: TestStack;
  let client: ServiceClient;
  const asked = partner();
  const id = newId();

  beforeAll(async () => {
    stack = await TestStack.start('investment');
    await stack.startService(service);
    client = new ServiceClient(loadConfig(PlatformConfig, stack.env()));
    await asTenant(stack.db.ownerUrl, 'jinan', (sql) =>
      sql.query(
        `INSERT INTO investment.funds (id, tenant_id, enterprise_id, requested_by, requested_by_partner)
         VALUES ($1, 'jinan', $2, $3, $4)`,
        [id, newId(), `partner:${asked.id}`, asked.id],
      ),
    );
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await stack?.stop();
  });

  it('the partner that asked and the center’s staff read it', async () => {
    const staff = as('jinan', { kind: 'user', id: newId(), roles: ['analyst'] });
    for (const ctx of [as('jinan', asked), staff]) {
      const found = await client.request(InvestmentRpc.get, { id }, ctx);
      expect(found).toMatchObject({ id, tenant: 'jinan', requestedBy: `partner:${asked.id}` });
    }
  });

  it.each([
    ['a rival partner of the same center', () => as('jinan', partner())],
    [
      "another center's staff",
      () => as('liaocheng', { kind: 'user', id: newId(), roles: ['analyst'] }),
    ],
  ])('%s is told 404', async (_who, ctx) => {
    const error = await rejection(client.request(InvestmentRpc.get, { id }, ctx()));
    expect(error.declared.code).toBe('FUND_NOT_FOUND');
  });

  it("PostgreSQL itself hides it from another center's session (row-level security)", async () => {
    const rows = await asTenant(stack.db.url, 'liaocheng', (sql) =>
      sql.query(`SELECT id FROM investment.funds WHERE id = $1`, [id]),
    );
    expect(rows.rowCount).toBe(0);
  });
});
