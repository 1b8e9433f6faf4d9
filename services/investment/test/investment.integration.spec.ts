import { InvestmentRpc } from '@tf/contracts';
import { loadConfig, newId, PlatformConfig, ServiceClient, type Actor } from '@tf/platform';
import { actingAs, asTenant, partnerActor, rejection, staffActor, TestStack } from '@tf/testing';
import { service } from '../src/service';

const as = actingAs;
const fundManager = (): Actor => partnerActor('fund', ['deals:read']);
const staff = (role: 'analyst' | 'center-admin', id = newId()): Actor => staffActor(role, id);

/**
 * Over NATS with no gateway in front: a fund, its deals and holdings are its center's staff's and
 * its manager's. A rival fund manager of the center and another center are told 404 for every
 * resource, and PostgreSQL hides the rows from another center's session on its own. Closings and
 * votes that race are settled by the database.
 */
describe('investment: funds, deals and holdings seen by their center and manager only; races settled in the database', () => {
  let stack: TestStack;
  let client: ServiceClient;
  const manager = fundManager();
  const members = [newId(), newId(), newId()];
  const fundId = newId();
  const investmentId = newId();
  const deals = {
    closed: newId(),
    first: newId(),
    second: newId(),
    third: newId(),
    voting: newId(),
  };
  const analyst = () => as('jinan', staff('analyst'));

  beforeAll(async () => {
    stack = await TestStack.start('investment');
    await stack.startService(service);
    client = new ServiceClient(loadConfig(PlatformConfig, stack.env()));
    await asTenant(stack.db.ownerUrl, 'jinan', async (sql) => {
      // A ¥10,000,000 fund with ¥2,000,000 in one company: ¥8,000,000 left to commit.
      await sql.query(
        `INSERT INTO investment.funds (id, tenant_id, name, size, vintage_year, management_fee_rate,
           carried_interest_rate, hurdle_rate, committee, manager_partner_id, committed, commitments,
           called, created_by)
         VALUES ($1, 'jinan', 'Fund I', 10000000, 2024, 0.02, 0.2, 0.08, $2, $3, 2000000, 10000000, 3000000, 'user:x')`,
        [fundId, members, manager.id],
      );
      const lp = newId();
      await sql.query(
        `INSERT INTO investment.limited_partners (id, tenant_id, fund_id, name, commitment, called)
         VALUES ($1, 'jinan', $2, 'Guidance fund', 10000000, 3000000)`,
        [lp, fundId],
      );
      const flow = newId();
      await sql.query(
        `INSERT INTO investment.fund_flows (id, tenant_id, fund_id, kind, amount, "on", recorded_by)
         VALUES ($1, 'jinan', $2, 'capital_call', 3000000, '2024-01-02', 'user:x')`,
        [flow, fundId],
      );
      await sql.query(
        `INSERT INTO investment.fund_flow_shares (id, tenant_id, flow_id, limited_partner_id, amount)
         VALUES ($1, 'jinan', $2, $3, 3000000)`,
        [newId(), flow, lp],
      );
      for (const [name, id] of Object.entries(deals)) {
        await sql.query(
          `INSERT INTO investment.deals (id, tenant_id, fund_id, enterprise_id, stage, created_by)
           VALUES ($1, 'jinan', $2, $3, $4, 'user:x')`,
          [id, fundId, newId(), name === 'closed' ? 'closed' : 'committee'],
        );
        if (name === 'voting') continue;
        for (const voter of members)
          await sql.query(
            `INSERT INTO investment.committee_votes (id, tenant_id, deal_id, voter, vote)
             VALUES ($1, 'jinan', $2, $3, 'for')`,
            [newId(), id, voter],
          );
      }
      await sql.query(
        `INSERT INTO investment.investments (id, tenant_id, fund_id, deal_id, enterprise_id, instrument,
           amount, pre_money_valuation, closed_on, last_entry_on)
         VALUES ($1, 'jinan', $2, $3, $4, 'equity', 2000000, 8000000, '2024-03-01', '2024-03-01')`,
        [investmentId, fundId, deals.closed, newId()],
      );
      await sql.query(
        `INSERT INTO investment.investment_entries (id, tenant_id, investment_id, fund_id, kind, "on",
           amount, pre_money, recorded_by)
         VALUES ($1, 'jinan', $2, $3, 'close', '2024-03-01', 2000000, 8000000, 'user:x')`,
        [newId(), investmentId, fundId],
      );
    });
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await stack?.stop();
  });

  it('its manager and the center’s staff read the fund, its deals, holdings and metrics', async () => {
    for (const ctx of [as('jinan', manager), analyst()]) {
      expect(await client.request(InvestmentRpc.getFund, { id: fundId }, ctx)).toMatchObject({
        id: fundId,
        size: '10000000.00',
        committed: '2000000.00',
        uncommitted: '8000000.00',
        managementFeeRate: '0.02',
      });
      expect(await client.request(InvestmentRpc.getDeal, { id: deals.closed }, ctx)).toMatchObject({
        stage: 'closed',
        committee: { cast: 3, inFavour: 3, passed: true },
      });
      expect(
        await client.request(InvestmentRpc.getInvestment, { id: investmentId }, ctx),
      ).toMatchObject({ ownership: '0.20000000', fairValue: '2000000.00' });
      expect(
        await client.request(InvestmentRpc.metrics, { fundId, asOf: '2024-12-31' }, ctx),
      ).toMatchObject({ paidIn: '3000000.00', nav: '2000000.00', rvpi: '0.6667', investments: 1 });
      const listed = await client.request(InvestmentRpc.listDeals, { fundId }, ctx);
      expect(listed.items).toHaveLength(5);
    }
  });

  it.each([
    ['a rival fund manager of the same center', () => as('jinan', fundManager())],
    ["another center's staff", () => as('liaocheng', staff('analyst'))],
  ])('%s is told 404 for every resource, and lists nothing', async (_who, ctx) => {
    const refusals = [
      [client.request(InvestmentRpc.getFund, { id: fundId }, ctx()), 'FUND_NOT_FOUND'],
      [client.request(InvestmentRpc.limitedPartners, { fundId }, ctx()), 'FUND_NOT_FOUND'],
      [client.request(InvestmentRpc.metrics, { fundId }, ctx()), 'FUND_NOT_FOUND'],
      [client.request(InvestmentRpc.getDeal, { id: deals.first }, ctx()), 'DEAL_NOT_FOUND'],
      [
        client.request(InvestmentRpc.getInvestment, { id: investmentId }, ctx()),
        'INVESTMENT_NOT_FOUND',
      ],
    ] as const;
    for (const [call, code] of refusals) expect((await rejection(call)).declared.code).toBe(code);
    expect((await client.request(InvestmentRpc.listFunds, {}, ctx())).items).toEqual([]);
    expect((await client.request(InvestmentRpc.listDeals, {}, ctx())).items).toEqual([]);
    expect((await client.request(InvestmentRpc.listInvestments, {}, ctx())).items).toEqual([]);
  });

  it("another center's analyst cannot close, mark or vote on this center's deals and holdings", async () => {
    const other = as('liaocheng', staff('analyst', members[0]));
    const close = { id: deals.third, amount: '1', preMoneyValuation: '1', closedOn: '2024-06-01' };
    expect(
      (await rejection(client.request(InvestmentRpc.closeDeal, close, other))).declared.code,
    ).toBe('DEAL_NOT_FOUND');
    const mark = { id: investmentId, fairValue: '1', markedOn: '2024-06-01' };
    expect((await rejection(client.request(InvestmentRpc.mark, mark, other))).declared.code).toBe(
      'INVESTMENT_NOT_FOUND',
    );
    const vote = { id: deals.voting, vote: 'for' };
    expect((await rejection(client.request(InvestmentRpc.vote, vote, other))).declared.code).toBe(
      'DEAL_NOT_FOUND',
    );
  });

  it("PostgreSQL itself hides every table's rows from another center's session (row-level security)", async () => {
    for (const table of [
      'funds',
      'limited_partners',
      'fund_flows',
      'fund_flow_shares',
      'deals',
      'committee_votes',
      'investments',
      'investment_entries',
    ]) {
      const rows = await asTenant(stack.db.runtimeUrl('investment'), 'liaocheng', (sql) =>
        sql.query(`SELECT id FROM investment.${table}`),
      );
      expect({ table, rows: rows.rowCount }).toEqual({ table, rows: 0 });
    }
  });

  it('30 closings of one deal at once make one investment; the others are told it is closed', async () => {
    const close = {
      id: deals.first,
      amount: '3000000',
      preMoneyValuation: '12000000',
      closedOn: '2024-06-01',
    };
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => client.request(InvestmentRpc.closeDeal, close, analyst())),
    );
    const closed = results.filter((r) => r.status === 'fulfilled');
    expect(closed).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason.declared.code).toBe('DEAL_CLOSED');
    const fund = await client.request(InvestmentRpc.getFund, { id: fundId }, analyst());
    expect(fund.committed).toBe('5000000.00');
  });

  it('two closings that together exceed what the fund has left: one closes, the other is 422', async () => {
    // ¥5,000,000 is left; each asks for ¥3,000,000.
    const close = (id: string) =>
      client.request(
        InvestmentRpc.closeDeal,
        { id, amount: '3000000', preMoneyValuation: '9000000', closedOn: '2024-06-01' },
        analyst(),
      );
    const results = await Promise.allSettled([close(deals.second), close(deals.third)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.declared.code).toBe('FUND_CAPACITY_SHORT');
    const fund = await client.request(InvestmentRpc.getFund, { id: fundId }, analyst());
    expect(fund).toMatchObject({ committed: '8000000.00', uncommitted: '2000000.00' });
  });

  it('a member votes once, even 30 times at once; someone not on the committee does not vote', async () => {
    const member = as('jinan', staff('analyst', members[1]));
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        client.request(InvestmentRpc.vote, { id: deals.voting, vote: 'against' }, member),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason.declared.code).toBe('ALREADY_VOTED');
    const outsider = await rejection(
      client.request(InvestmentRpc.vote, { id: deals.voting, vote: 'for' }, analyst()),
    );
    expect(outsider.declared.code).toBe('NOT_ON_COMMITTEE');
    const deal = await client.request(InvestmentRpc.getDeal, { id: deals.voting }, analyst());
    expect(deal.committee).toMatchObject({ cast: 1, against: 1, passed: false });
  });
});
