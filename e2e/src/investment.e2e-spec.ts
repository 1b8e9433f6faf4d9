import { Client } from 'pg';
import { eventually } from './events';
import { Api, expectProblem, partnerWithKey, registerEnterprise } from './http-client';
import { startNetwork, type Network } from './network';

/**
 * The fund by hand (the same case as the metrics spec in services/investment): its partners pay
 * in ¥1,000,000 on 2020-01-01 and on 2021-01-01; it invests ¥1,500,000 at ¥6,000,000 pre-money on
 * 2020-01-15 (20 %), marks the stake at ¥2,400,000 on 2021-06-30, sells half for ¥1,600,000 and
 * distributes ¥1,200,000 on 2022-01-01. On 2022-12-31: paid-in 2,000,000, distributed 1,200,000,
 * NAV 1,200,000 (half the mark); DPI 0.6, RVPI 0.6, TVPI 1.2; the IRR solves
 * −1,000,000 − 1,000,000·v^(366/365) + 1,200,000·v^(731/365) + 1,200,000·v^(1095/365) = 0,
 * v = 1/(1+r): r = 0.0954388849 (bisection in Python's decimal at 50 digits).
 */
describe('investment (投) through the gateway', () => {
  let network: Network;
  let api: Api;
  let platformAdmin: string;
  let centerAdmin: string;
  let analyst: string;
  const members: { id: string; token: string }[] = [];
  let outsider: string;
  let manager: { id: string; key: string };
  let rivalManager: { id: string; key: string };
  let bank: { id: string; key: string };
  let enterpriseId: string;
  let keys = 0;
  const key = () => ({ 'idempotency-key': `investment-e2e-${keys++}-${Date.now()}` });

  beforeAll(async () => {
    network = await startNetwork('investment');
    api = new Api(network.gateway);
    platformAdmin = await api.token(network.admin.username, network.admin.password);
    const user = async (tenant: string, username: string, role: string) => {
      const created = await api.post('/api/v1/users', {
        token: platformAdmin,
        tenant,
        body: { username, password: 'investment password 1', roles: [role] },
      });
      expect(created.status).toBe(201);
      return {
        id: created.body.id as string,
        token: await api.token(username, 'investment password 1'),
      };
    };
    centerAdmin = (await user('jinan', 'jinan.fund.admin', 'center-admin')).token;
    analyst = (await user('jinan', 'jinan.fund.analyst', 'analyst')).token;
    for (const name of ['jinan.ic.wang', 'jinan.ic.li', 'jinan.ic.zhang'])
      members.push(await user('jinan', name, 'analyst'));
    outsider = (await user('jinan', 'jinan.not.ic', 'analyst')).token;
    manager = await partnerWithKey(api, platformAdmin, 'jinan', 'fund');
    rivalManager = await partnerWithKey(api, platformAdmin, 'jinan', 'fund');
    bank = await partnerWithKey(api, platformAdmin, 'jinan', 'bank');
    enterpriseId = await registerEnterprise(api, bank.key);
  });

  afterAll(async () => {
    await network?.stack.stop();
  });

  const createFund = (body: Record<string, unknown> = {}) =>
    api.post('/api/v1/funds', {
      token: centerAdmin,
      headers: key(),
      body: {
        name: `济南科创基金 ${Math.random()}`,
        size: '10000000',
        vintageYear: 2020,
        committee: members.map((m) => m.id),
        managerPartnerId: manager.id,
        ...body,
      },
    });

  /** A deal of the fund taken to the committee and passed 2 to 1. */
  async function passedDeal(fundId: string, company = enterpriseId): Promise<string> {
    const deal = await api.post('/api/v1/deals', {
      token: analyst,
      headers: key(),
      body: { fundId, enterpriseId: company },
    });
    expect(deal.status).toBe(201);
    for (const stage of ['screening', 'due_diligence', 'committee']) {
      const moved = await api.post(`/api/v1/deals/${deal.body.id}/stage`, {
        token: analyst,
        headers: key(),
        body: { stage },
      });
      expect(moved.status).toBe(200);
    }
    for (const [k, vote] of ['for', 'for', 'against'].entries()) {
      const cast = await api.post(`/api/v1/deals/${deal.body.id}/votes`, {
        token: members[k]!.token,
        headers: key(),
        body: { vote, comment: k === 2 ? 'valuation too rich' : undefined },
      });
      expect(cast.status).toBe(201);
    }
    return deal.body.id;
  }

  it('a fund from its calls to a deal closed by the committee, marked and half exited: metrics match the hand computation', async () => {
    const fund = await createFund();
    expect(fund.status).toBe(201);
    expect(fund.body).toMatchObject({
      size: '10000000.00',
      managementFeeRate: '0.02',
      carriedInterestRate: '0.2',
      hurdleRate: '0.08',
      uncommitted: '10000000.00',
    });
    const fundId = fund.body.id as string;
    const lp = await api.post(`/api/v1/funds/${fundId}/limited-partners`, {
      token: centerAdmin,
      headers: key(),
      body: { name: '山东省引导基金', commitment: '6000000' },
    });
    expect(lp.status).toBe(201);
    const lp2 = await api.post(`/api/v1/funds/${fundId}/limited-partners`, {
      token: centerAdmin,
      headers: key(),
      body: { name: '济南市创投', commitment: '4000000' },
    });
    expect(lp2.status).toBe(201);
    for (const on of ['2020-01-01', '2021-01-01']) {
      const call = await api.post(`/api/v1/funds/${fundId}/flows`, {
        token: centerAdmin,
        headers: key(),
        body: { kind: 'capital_call', amount: '1000000', on },
      });
      expect(call.status).toBe(201);
      expect(call.body.shares.map((s: { amount: string }) => s.amount)).toEqual([
        '600000.00',
        '400000.00',
      ]);
    }

    const dealId = await passedDeal(fundId);
    const deal = await api.get(`/api/v1/deals/${dealId}`, { token: analyst });
    expect(deal.body).toMatchObject({
      stage: 'committee',
      committee: { cast: 3, inFavour: 2, against: 1, quorum: 3, passed: true },
    });
    expect(deal.body.history.map((m: { to: string }) => m.to)).toEqual([
      'sourcing',
      'screening',
      'due_diligence',
      'committee',
    ]);
    expect(deal.body.history[1].by).toMatch(/^user:/);

    const closed = await api.post(`/api/v1/deals/${dealId}/close`, {
      token: analyst,
      headers: key(),
      body: { amount: '1500000', preMoneyValuation: '6000000', closedOn: '2020-01-15' },
    });
    expect(closed.status).toBe(201);
    expect(closed.body).toMatchObject({ ownership: '0.20000000', instrument: 'equity' });
    const investmentId = closed.body.id as string;

    const marked = await api.post(`/api/v1/investments/${investmentId}/marks`, {
      token: analyst,
      headers: key(),
      body: { fairValue: '2400000', markedOn: '2021-06-30' },
    });
    expect(marked.status).toBe(201);
    const exited = await api.post(`/api/v1/investments/${investmentId}/exits`, {
      token: analyst,
      headers: key(),
      body: { fraction: '0.5', proceeds: '1600000', exitedOn: '2022-01-01' },
    });
    expect(exited.status).toBe(201);
    expect(exited.body).toMatchObject({
      ownership: '0.10000000',
      fairValue: '1200000.00',
      cost: '750000.00',
      proceeds: '1600000.00',
      status: 'active',
    });
    const distribution = await api.post(`/api/v1/funds/${fundId}/flows`, {
      token: centerAdmin,
      headers: key(),
      body: { kind: 'distribution', amount: '1200000', on: '2022-01-01' },
    });
    expect(distribution.status).toBe(201);
    expect(distribution.body.shares.map((s: { amount: string }) => s.amount)).toEqual([
      '720000.00',
      '480000.00',
    ]);

    const metrics = await api.get(`/api/v1/funds/${fundId}/metrics?asOf=2022-12-31`, {
      apiKey: manager.key,
    });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({
      asOf: '2022-12-31',
      paidIn: '2000000.00',
      distributed: '1200000.00',
      nav: '1200000.00',
      dpi: '0.6000',
      rvpi: '0.6000',
      tvpi: '1.2000',
      irr: '0.095439',
      notes: [],
    });
    const deals = await api.get(`/api/v1/deals/${dealId}`, { token: analyst });
    expect(deals.body).toMatchObject({ stage: 'closed', investmentId });

    // A follow-on after the metrics' day: 28 % by hand (docs: 2 at 8 pre-money, then 3 at 27).
    const followOn = await api.post(`/api/v1/investments/${investmentId}/follow-ons`, {
      token: analyst,
      headers: key(),
      body: { amount: '500000', preMoneyValuation: '7500000', investedOn: '2023-03-01' },
    });
    expect(followOn.status).toBe(201);
    // 10 % diluted by 7.5/8 to 9.375 %, plus 0.5/8 = 6.25 %: 15.625 %; ¥2,000,000 committed.
    expect(followOn.body).toMatchObject({ ownership: '0.15625000', invested: '2000000.00' });
    expect((await api.get(`/api/v1/funds/${fundId}`, { token: analyst })).body.committed).toBe(
      '2000000.00',
    );

    // Every change was announced, in the same transaction as the change (the outbox).
    const owner = new Client({ connectionString: network.stack.db.ownerUrl });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query(`SELECT set_config('app.tenant_id', 'jinan', true)`);
      const events = await owner.query(
        `SELECT type, count(*)::int AS n FROM investment.outbox GROUP BY type ORDER BY type`,
      );
      await owner.query('COMMIT');
      expect(Object.fromEntries(events.rows.map((r) => [r.type, r.n]))).toMatchObject({
        'investment-closed': expect.any(Number),
        'investment-marked': expect.any(Number),
        'investment-exited': expect.any(Number),
        'deal-stage-changed': expect.any(Number),
      });
    } finally {
      await owner.end();
    }

    // Money in = money accounted for: the partners' parts add up to each flow and to the fund.
    const partners = await api.get(`/api/v1/funds/${fundId}/limited-partners`, { token: analyst });
    const sum = (field: string) =>
      partners.body.items.reduce(
        (total: number, p: Record<string, string>) => total + Number(p[field]),
        0,
      );
    expect([sum('called'), sum('distributed')]).toEqual([2000000, 1200000]);
    const after = await api.get(`/api/v1/funds/${fundId}`, { token: analyst });
    expect(after.body).toMatchObject({
      committed: '2000000.00',
      uncommitted: '8000000.00',
      called: '2000000.00',
      distributed: '1200000.00',
    });
  });

  it("a bank's linked loan (投贷联动): up to what the fund invested, its warrant recorded on the loan and on the holding", async () => {
    const company = await registerEnterprise(api, bank.key);
    const fundId = (await createFund()).body.id as string;
    const closedOn = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const closed = await api.post(`/api/v1/deals/${await passedDeal(fundId, company)}/close`, {
      token: analyst,
      headers: key(),
      body: { amount: '3000000', preMoneyValuation: '12000000', closedOn },
    });
    expect(closed.status).toBe(201);
    const investmentId = closed.body.id as string;
    const apply = (enterprise: string, principal: string) =>
      api.post('/api/v1/loan-applications', {
        apiKey: bank.key,
        headers: key(),
        body: {
          enterpriseId: enterprise,
          productCode: 'linked',
          principal,
          termMonths: 24,
          repaymentMethod: 'equal_installment',
        },
      });
    // Credit learns of the investment from investment-closed; until then it would decline.
    const over = await eventually(
      () => apply(company, '3500000'),
      (r) => r.body?.reasons?.[0]?.code === 'over-investment',
      10_000,
    );
    expect(over.body).toMatchObject({ status: 'declined', reasons: [{ code: 'over-investment' }] });
    const uninvested = await apply(await registerEnterprise(api, bank.key), '1000000');
    expect(uninvested.body).toMatchObject({
      status: 'declined',
      reasons: [{ code: 'no-closed-investment' }],
    });
    const approved = await apply(company, '2000000');
    expect(approved.body).toMatchObject({ status: 'approved' });
    const loan = await api.get(`/api/v1/loans/${approved.body.loanId}`, { apiKey: bank.key });
    expect(loan.body).toMatchObject({
      productCode: 'linked',
      linkedInvestmentId: investmentId,
      warrantCoverage: '0.1',
    });
    const holding = await eventually(
      () => api.get(`/api/v1/investments/${investmentId}`, { token: analyst }),
      (r) => r.body?.linkedLoans?.length === 1,
      10_000,
    );
    expect(holding.body.linkedLoans).toEqual([
      expect.objectContaining({
        loanId: approved.body.loanId,
        lenderPartnerId: bank.id,
        principal: '2000000.00',
        warrantCoverage: '0.1',
      }),
    ]);
  });

  it('refuses bad moves and bad input with a clear 4xx, and changes nothing', async () => {
    const fundId = (await createFund({ size: '2000000' })).body.id as string;
    const deal = await api.post('/api/v1/deals', {
      token: analyst,
      headers: key(),
      body: { fundId, enterpriseId },
    });
    const dealId = deal.body.id as string;
    const move = (stage: string) =>
      api.post(`/api/v1/deals/${dealId}/stage`, {
        token: analyst,
        headers: key(),
        body: { stage },
      });

    expect((await move('due_diligence')).status).toBe(200);
    expect(expectProblem(await move('screening'), 409).type).toMatch(/deal-stage-not-forward$/);
    expect(expectProblem(await move('term_sheet'), 422).type).toMatch(/committee-not-passed$/);
    expect(expectProblem(await move('closed'), 400).errors).toEqual([
      { field: 'stage', message: expect.stringContaining('close') },
    ]);
    const early = await api.post(`/api/v1/deals/${dealId}/votes`, {
      token: members[0]!.token,
      headers: key(),
      body: { vote: 'for' },
    });
    expect(expectProblem(early, 409).type).toMatch(/vote-outside-committee$/);
    expect((await move('committee')).status).toBe(200);
    const notMember = await api.post(`/api/v1/deals/${dealId}/votes`, {
      token: outsider,
      headers: key(),
      body: { vote: 'for' },
    });
    expect(expectProblem(notMember, 403).type).toMatch(/not-on-committee$/);
    const notPassed = await api.post(`/api/v1/deals/${dealId}/close`, {
      token: analyst,
      headers: key(),
      body: { amount: '100000', preMoneyValuation: '900000', closedOn: '2024-01-02' },
    });
    expect(expectProblem(notPassed, 422).type).toMatch(/committee-not-passed$/);
    for (const [k, vote] of ['for', 'for', 'for'].entries())
      await api.post(`/api/v1/deals/${dealId}/votes`, {
        token: members[k]!.token,
        headers: key(),
        body: { vote },
      });

    const close = (body: Record<string, string>) =>
      api.post(`/api/v1/deals/${dealId}/close`, {
        token: analyst,
        headers: key(),
        body: { amount: '100000', preMoneyValuation: '900000', closedOn: '2024-01-02', ...body },
      });
    expect(expectProblem(await close({ preMoneyValuation: '0' }), 400).errors).toEqual([
      { field: 'preMoneyValuation', message: expect.any(String) },
    ]);
    expect(expectProblem(await close({ preMoneyValuation: '-5' }), 400).errors[0].field).toBe(
      'preMoneyValuation',
    );
    expect(expectProblem(await close({ amount: '2000000.01' }), 422).type).toMatch(
      /fund-capacity-short$/,
    );
    expect(expectProblem(await close({ closedOn: '2999-01-01' }), 400).errors[0].field).toBe(
      'closedOn',
    );
    expect(expectProblem(await close({ instrument: 'bond' }), 400).errors[0].field).toBe(
      'instrument',
    );
    // Nothing was committed by the refusals.
    expect((await api.get(`/api/v1/funds/${fundId}`, { token: analyst })).body.committed).toBe(
      '0.00',
    );

    const closed = await close({ instrument: 'convertible_note' });
    expect(closed.status).toBe(201);
    const investmentId = closed.body.id as string;
    const mark = (body: Record<string, string>) =>
      api.post(`/api/v1/investments/${investmentId}/marks`, {
        token: analyst,
        headers: key(),
        body: { fairValue: '150000', markedOn: '2024-06-30', ...body },
      });
    expect(expectProblem(await mark({ markedOn: '2999-12-31' }), 400).errors[0].field).toBe(
      'markedOn',
    );
    expect(expectProblem(await mark({ markedOn: '2023-12-31' }), 422).type).toMatch(
      /dated-before-last-entry$/,
    );
    expect((await mark({})).status).toBe(201);
    const exit = (fraction: string) =>
      api.post(`/api/v1/investments/${investmentId}/exits`, {
        token: analyst,
        headers: key(),
        body: { fraction, proceeds: '150000', exitedOn: '2024-07-01' },
      });
    expect(expectProblem(await exit('1.5'), 400).errors[0].field).toBe('fraction');
    expect(expectProblem(await exit('0'), 400).errors[0].field).toBe('fraction');
    expect((await exit('1')).body.status).toBe('exited');
    expect(expectProblem(await exit('0.1'), 409).type).toMatch(/investment-exited$/);

    expect(expectProblem(await move('rejected'), 409).type).toMatch(/deal-closed$/);
    const call = await api.post(`/api/v1/funds/${fundId}/flows`, {
      token: centerAdmin,
      headers: key(),
      body: { kind: 'capital_call', amount: '1', on: '2024-01-01' },
    });
    expect(expectProblem(call, 422).type).toMatch(/no-limited-partners$/);
    const tooBig = await api.post(`/api/v1/funds/${fundId}/limited-partners`, {
      token: centerAdmin,
      headers: key(),
      body: { name: 'too big', commitment: '2000000.01' },
    });
    expect(expectProblem(tooBig, 422).type).toMatch(/commitments-over-fund-size$/);
    const nul = await createFund({ name: 'fund\u0000' });
    expectProblem(nul, 400);
    const auditor = await api.post('/api/v1/users', {
      token: platformAdmin,
      tenant: 'jinan',
      body: {
        username: 'jinan.fund.auditor',
        password: 'investment password 1',
        roles: ['auditor'],
      },
    });
    const withAuditor = await createFund({
      committee: [members[0]!.id, members[1]!.id, auditor.body.id],
    });
    expect(expectProblem(withAuditor, 400).errors).toEqual([
      { field: 'committee[2]', message: 'must be an analyst or a center admin' },
    ]);
    const tooFew = await createFund({ committee: [members[0]!.id] });
    expect(expectProblem(tooFew, 400).errors[0].field).toBe('committee');
  });

  it('another center, a rival fund manager, a bank and an anonymous caller see nothing', async () => {
    const fundId = (await createFund()).body.id as string;
    const company = await registerEnterprise(api, bank.key);
    const dealId = await passedDeal(fundId, company);
    // The SME the deal is about, with its own key.
    const sme = await partnerWithKey(api, platformAdmin, 'jinan', 'enterprise', company);
    const liaocheng = await api.post('/api/v1/users', {
      token: platformAdmin,
      tenant: 'liaocheng',
      body: {
        username: 'liaocheng.fund.analyst',
        password: 'investment password 1',
        roles: ['analyst'],
      },
    });
    expect(liaocheng.status).toBe(201);
    const other = await api.token('liaocheng.fund.analyst', 'investment password 1');
    for (const path of [
      `/api/v1/funds/${fundId}`,
      `/api/v1/deals/${dealId}`,
      `/api/v1/funds/${fundId}/metrics`,
    ]) {
      expectProblem(await api.get(path, { token: other }), 404);
      expectProblem(await api.get(path, { apiKey: rivalManager.key }), 404);
      expect((await api.get(path, { apiKey: manager.key })).status).toBe(200);
      expectProblem(await api.get(path, { apiKey: bank.key }), 403);
      expectProblem(await api.get(path, { apiKey: sme.key }), 403);
      expectProblem(await api.get(path), 401);
    }
    const close = await api.post(`/api/v1/deals/${dealId}/close`, {
      token: other,
      headers: key(),
      body: { amount: '1', preMoneyValuation: '1', closedOn: '2024-01-02' },
    });
    expectProblem(close, 404);
    const asManager = await api.post(`/api/v1/deals/${dealId}/close`, {
      apiKey: manager.key,
      headers: key(),
      body: { amount: '1', preMoneyValuation: '1', closedOn: '2024-01-02' },
    });
    expectProblem(asManager, 403);
    expect((await api.get('/api/v1/funds', { apiKey: rivalManager.key })).body.items).toEqual([]);
  });

  it('30 identical deal openings at once make one deal; the others are told it exists', async () => {
    const fundId = (await createFund()).body.id as string;
    const company = await registerEnterprise(api, bank.key);
    const replies = await Promise.all(
      Array.from({ length: 30 }, () =>
        api.post('/api/v1/deals', { token: analyst, body: { fundId, enterpriseId: company } }),
      ),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 201))
      expect(expectProblem(reply, 409).type).toMatch(/deal-already-exists$/);
    const listed = await api.get(`/api/v1/deals?fundId=${fundId}`, { token: analyst });
    expect(listed.body.items).toHaveLength(1);
  });
});
