import { addMonths } from '@tf/core';
import { GuaranteeEvents } from '@tf/contracts';
import { Clock } from '@tf/platform';
import { Client } from 'pg';
import { eventually, publishEvents } from './events';
import { Api, expectProblem, partnerWithKey, registerEnterprise, staffToken } from './http-client';
import { startNetwork, type Network } from './network';
import { grantedInvention } from './fixtures';

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10);

describe('credit (贷) through the gateway', () => {
  let network: Network;
  let api: Api;
  let admin: string;
  let analyst: string;
  const banks: Record<string, { id: string; key: string }> = {};
  let enterpriseId: string;
  let lateLoanId: string;
  let keys = 0;
  const key = () => ({ 'idempotency-key': `credit-e2e-${keys++}-${Date.now()}` });

  beforeAll(async () => {
    network = await startNetwork('credit');
    api = new Api(network.gateway);
    admin = await api.token(network.admin.username, network.admin.password);
    analyst = await staffToken(api, admin, 'jinan', {
      username: 'jinan.sun',
      password: 'analyst password 1',
      roles: ['analyst'],
    });
    banks['jinan'] = await partner('jinan', 'bank');
    banks['rival'] = await partner('jinan', 'bank');
    banks['liaocheng'] = await partner('liaocheng', 'bank');
    enterpriseId = await enterprise(banks['jinan']!.key);
    banks['sme'] = await partner('jinan', 'enterprise', enterpriseId);
    // A loan whose first installment is 95 days late today, for the run below to default.
    const disbursedOn = addMonths(daysBefore(today(), 95), -1);
    const { id } = await pledge();
    const applied = await on(disbursedOn, () =>
      applyFor({ principal: '300000', collateral: [{ valuationId: id }] }),
    );
    expect(applied.body.status).toBe('approved');
    lateLoanId = applied.body.loanId;
    const disbursed = await on(disbursedOn, () =>
      api.post(`/api/v1/loans/${lateLoanId}/disbursements`, {
        apiKey: banks['jinan']!.key,
        headers: key(),
        body: { disbursedOn },
      }),
    );
    expect(disbursed.status).toBe(200);
  });

  afterAll(async () => {
    await network?.stack.stop();
  });

  const partner = (tenant: string, kind: string, enterprise?: string) =>
    partnerWithKey(api, admin, tenant, kind, enterprise);
  const enterprise = (apiKey: string) => registerEnterprise(api, apiKey);

  /** An approved pledge valuation of one granted invention with strong income: worth millions. */
  async function pledge(of = enterpriseId): Promise<{ id: string; value: string }> {
    const valuation = await api.post('/api/v1/valuations', {
      apiKey: banks['jinan']!.key,
      body: {
        enterpriseId: of,
        purpose: 'pledge',
        referenceDate: daysBefore(today(), 3),
        assets: [grantedInvention()],
        income: {
          annualRevenue: [
            '40000000.00',
            '46000000.00',
            '52000000.00',
            '58000000.00',
            '64000000.00',
          ],
        },
      },
    });
    expect(valuation.status).toBe(201);
    const approved = await api.post(`/api/v1/valuations/${valuation.body.id}/approve`, {
      token: analyst,
    });
    expect(approved.status).toBe(200);
    return { id: valuation.body.id, value: valuation.body.conclusion.value };
  }

  const applyFor = (
    body: Record<string, unknown>,
    apiKey = banks['jinan']!.key,
    headers: Record<string, string> = key(),
  ) =>
    api.post('/api/v1/loan-applications', {
      apiKey,
      headers,
      body: {
        enterpriseId,
        productCode: 'ip-pledge',
        termMonths: 36,
        repaymentMethod: 'equal_installment',
        ...body,
      },
    });

  /** The credit service's day, for what a bank did in the past (approval and disbursement). */
  async function on<T>(day: string, work: () => Promise<T>): Promise<T> {
    const clock = network.stack.app('credit').get(Clock);
    clock.pin(day);
    try {
      return await work();
    } finally {
      clock.pin(undefined);
    }
  }

  it("lists the center's products with today's rate: LPR 3.00 % + the spread", async () => {
    const reply = await api.get('/api/v1/loan-products', { apiKey: banks['jinan']!.key });
    expect(reply.status).toBe(200);
    expect(reply.body.loanPrimeRate).toBe('0.0300');
    expect(reply.body.items.map((p: any) => [p.code, p.annualRate])).toEqual([
      ['ip-pledge', '0.0385'],
      ['guaranteed', '0.035'],
      ['credit', '0.045'],
      ['linked', '0.033'],
    ]);
  });

  describe('the done-when: a 3-year ¥1,000,000 IP-pledge loan, disbursed, repaid twice with one key, then 10 days late', () => {
    let collateral: { id: string; value: string };
    let application: any;
    let loanId: string;
    // The first installment falls due 10 days before today.
    const disbursedOn = addMonths(daysBefore(today(), 10), -1);
    const repaymentKey = { 'idempotency-key': `repay-${Date.now()}` };

    beforeAll(async () => {
      collateral = await pledge();
      const reply = await on(disbursedOn, () =>
        applyFor({ principal: '1000000', collateral: [{ valuationId: collateral.id }] }),
      );
      expect(reply.status).toBe(201);
      application = reply.body;
      loanId = application.loanId;
    });

    it('is approved at once: the pledge is worth 40 % of its appraised value, read from valuation', () => {
      expect(application).toMatchObject({
        status: 'approved',
        principal: '1000000.00',
        reasons: [],
      });
      expect(Number(application.lendable)).toBeGreaterThanOrEqual(1_000_000);
      expect(application.lendable).toBe((Number(collateral.value) * 0.4).toFixed(2));
      expect(application.collateral).toEqual([
        expect.objectContaining({
          valuationId: collateral.id,
          patentType: 'invention',
          ltvCap: '0.4',
          value: collateral.value,
        }),
      ]);
    });

    it('needs an Idempotency-Key, and the same key and body replays the decision', async () => {
      const body = { principal: '1000000', collateral: [{ valuationId: collateral.id }] };
      const missing = await applyFor(body, banks['jinan']!.key, {});
      expectProblem(missing, 400);
      expect(missing.body.errors).toEqual([
        { field: 'Idempotency-Key', message: 'header is required on this operation' },
      ]);
      const once = key();
      const first = await applyFor({ ...body, principal: '999999' }, banks['jinan']!.key, once);
      const again = await applyFor({ ...body, principal: '999999' }, banks['jinan']!.key, once);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      const other = await applyFor({ ...body, principal: '999998' }, banks['jinan']!.key, once);
      expectProblem(other, 409);
    });

    it('a patent backs one live loan: pledging it again is declined, saying why', async () => {
      const again = await applyFor({
        principal: '500000',
        collateral: [{ valuationId: collateral.id }],
      });
      expect(again.status).toBe(201);
      expect(again.body.status).toBe('declined');
      expect(again.body.reasons.map((r: any) => r.code)).toEqual(['collateral-already-pledged']);
      expect(again.body.loanId).toBeNull();
    });

    it('disburses: the rate is fixed and the schedule has 36 lines whose principal sums to ¥1,000,000', async () => {
      const reply = await on(disbursedOn, () =>
        api.post(`/api/v1/loans/${loanId}/disbursements`, {
          apiKey: banks['jinan']!.key,
          headers: key(),
          body: { disbursedOn },
        }),
      );
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        status: 'active',
        annualRate: '0.0385',
        disbursedOn,
        outstandingPrincipal: '1000000.00',
      });
      const again = await api.post(`/api/v1/loans/${loanId}/disbursements`, {
        apiKey: banks['jinan']!.key,
        headers: key(),
        body: { disbursedOn },
      });
      expectProblem(again, 409);
      const schedule = await api.get(`/api/v1/loans/${loanId}/schedule`, {
        apiKey: banks['jinan']!.key,
      });
      expect(schedule.body.installments).toHaveLength(36);
      expect(schedule.body.installments[0]).toMatchObject({
        number: 1,
        dueOn: addMonths(disbursedOn, 1),
        total: '29457.30',
        status: 'overdue',
      });
      const cents = schedule.body.installments.reduce(
        (sum: number, i: any) => sum + Math.round(Number(i.principal) * 100),
        0,
      );
      expect(cents).toBe(100_000_000);
    });

    it('repays twice with one Idempotency-Key: the second replays, nothing is booked twice', async () => {
      const paidOn = daysBefore(addMonths(disbursedOn, 1), 5);
      const first = await api.post(`/api/v1/loans/${loanId}/repayments`, {
        apiKey: banks['jinan']!.key,
        headers: repaymentKey,
        body: { amount: '1000.00', paidOn },
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        amount: '1000.00',
        penalty: '0.00',
        currentInterest: '1000.00',
        principal: '0.00',
        loanStatus: 'active',
      });
      const second = await api.post(`/api/v1/loans/${loanId}/repayments`, {
        apiKey: banks['jinan']!.key,
        headers: repaymentKey,
        body: { amount: '1000.00', paidOn },
      });
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      const loan = await api.get(`/api/v1/loans/${loanId}`, { apiKey: banks['jinan']!.key });
      expect(loan.body).toMatchObject({
        interestPaid: '1000.00',
        outstandingPrincipal: '1000000.00',
      });
    });

    it('a classification run 10 days after the first due date: special mention, with penalty charged', async () => {
      const run = await api.post('/api/v1/credit/classification-runs', {
        token: analyst,
        body: { asOf: today() },
      });
      expect(run.status).toBe(200);
      expect(run.body.repeated).toBe(false);
      const loan = await api.get(`/api/v1/loans/${loanId}`, { apiKey: banks['jinan']!.key });
      expect(loan.body).toMatchObject({
        classification: 'special_mention',
        daysPastDue: 10,
        classifiedOn: today(),
      });
      // 26,248.97 principal overdue for 10 days at 3.85 % × 1.5 / 360 a day.
      expect(loan.body.penaltyAccrued).toBe('42.11');
      const again = await api.post('/api/v1/credit/classification-runs', {
        token: analyst,
        body: { asOf: today() },
      });
      expect(again.body).toMatchObject({ ...run.body, repeated: true });
      const backwards = await api.post('/api/v1/credit/classification-runs', {
        token: analyst,
        body: { asOf: daysBefore(today(), 1) },
      });
      expectProblem(backwards, 409);
    });

    it('refuses more than is owed, a day before disbursement, and a day before the books', async () => {
      const loan = (await api.get(`/api/v1/loans/${loanId}`, { apiKey: banks['jinan']!.key })).body;
      const over = await api.post(`/api/v1/loans/${loanId}/repayments`, {
        apiKey: banks['jinan']!.key,
        headers: key(),
        body: { amount: (Number(loan.payoffAmount) + 0.01).toFixed(2), paidOn: today() },
      });
      expectProblem(over, 422);
      expect(over.body.errors).toEqual([
        { field: 'amount', message: `must be at most ${loan.payoffAmount}` },
      ]);
      const early = await api.post(`/api/v1/loans/${loanId}/repayments`, {
        apiKey: banks['jinan']!.key,
        headers: key(),
        body: { amount: '10.00', paidOn: daysBefore(disbursedOn, 1) },
      });
      expectProblem(early, 422);
      expect(early.body.errors).toEqual([
        { field: 'paidOn', message: `must be on or after ${disbursedOn}` },
      ]);
      // The run booked the loan through today: an earlier day is closed.
      const backdated = await api.post(`/api/v1/loans/${loanId}/repayments`, {
        apiKey: banks['jinan']!.key,
        headers: key(),
        body: { amount: '10.00', paidOn: daysBefore(today(), 1) },
      });
      expectProblem(backdated, 409);
    });

    it('is the lending bank’s alone: a rival bank and another center get 404, an SME’s key 403, nobody 401', async () => {
      for (const apiKey of [banks['rival']!.key, banks['liaocheng']!.key]) {
        expectProblem(await api.get(`/api/v1/loans/${loanId}`, { apiKey }), 404);
        expectProblem(await api.get(`/api/v1/loans/${loanId}/schedule`, { apiKey }), 404);
        expectProblem(
          await api.get(`/api/v1/loan-applications/${application.id}`, { apiKey }),
          404,
        );
        expectProblem(
          await api.post(`/api/v1/loans/${loanId}/repayments`, {
            apiKey,
            headers: key(),
            body: { amount: '1.00', paidOn: today() },
          }),
          404,
        );
      }
      expectProblem(await api.get(`/api/v1/loans/${loanId}`, { apiKey: banks['sme']!.key }), 403);
      expectProblem(await api.get(`/api/v1/loans/${loanId}`), 401);
      const rivalBook = await api.get('/api/v1/loans', { apiKey: banks['rival']!.key });
      expect(rivalBook.body.items).toEqual([]);
    });

    it('paying everything off closes the loan and frees the patent for another loan', async () => {
      const loan = (await api.get(`/api/v1/loans/${loanId}`, { apiKey: banks['jinan']!.key })).body;
      const payoff = await api.post(`/api/v1/loans/${loanId}/repayments`, {
        apiKey: banks['jinan']!.key,
        headers: key(),
        body: { amount: loan.payoffAmount, paidOn: today() },
      });
      expect(payoff.status).toBe(201);
      expect(payoff.body).toMatchObject({ loanStatus: 'closed', outstandingPrincipal: '0.00' });
      const closed = (await api.get(`/api/v1/loans/${loanId}`, { apiKey: banks['jinan']!.key }))
        .body;
      expect(closed).toMatchObject({
        status: 'closed',
        closedOn: today(),
        principalRepaid: '1000000.00',
      });
      const reused = await applyFor({
        principal: '200000',
        collateral: [{ valuationId: collateral.id }],
      });
      expect(reused.body.status).toBe('approved');
    });
  });

  describe("a bank's historical book: appliedOn dates an application up to 36 months back", () => {
    it('a loan the bank made 125 days ago: approved on that day, disbursed on it, its first installments overdue today', async () => {
      const { id } = await pledge();
      const day = daysBefore(today(), 125);
      const applied = await applyFor({
        principal: '400000',
        termMonths: 12,
        collateral: [{ valuationId: id }],
        appliedOn: day,
      });
      expect(applied.status).toBe(201);
      expect(applied.body).toMatchObject({ status: 'approved', appliedOn: day });
      const loanId = applied.body.loanId;
      const early = await api.post(`/api/v1/loans/${loanId}/disbursements`, {
        apiKey: banks['jinan']!.key,
        headers: key(),
        body: { disbursedOn: daysBefore(day, 1) },
      });
      expect(expectProblem(early, 400).errors).toEqual([
        { field: 'disbursedOn', message: `must not be before the loan was approved (${day})` },
      ]);
      const disbursed = await api.post(`/api/v1/loans/${loanId}/disbursements`, {
        apiKey: banks['jinan']!.key,
        headers: key(),
        body: { disbursedOn: day },
      });
      expect(disbursed.status).toBe(200);
      expect(disbursed.body).toMatchObject({ approvedOn: day, disbursedOn: day, status: 'active' });
      const schedule = (
        await api.get(`/api/v1/loans/${loanId}/schedule`, { apiKey: banks['jinan']!.key })
      ).body.installments as any[];
      expect(schedule.filter((i) => i.status === 'overdue').length).toBeGreaterThanOrEqual(3);
    });

    it('refuses a day ahead, a day before the 36 months and a non-date, naming appliedOn; nothing is written', async () => {
      const { id } = await pledge();
      const before = (await api.get('/api/v1/loans?limit=200', { apiKey: banks['jinan']!.key }))
        .body.items.length;
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const tooOld = daysBefore(addMonths(today(), -36), 1);
      for (const [appliedOn, message] of [
        [tomorrow, 'must not be in the future'],
        [
          tooOld,
          `must not be before ${addMonths(today(), -36)}: a bank's historical book reaches back 36 months`,
        ],
        ['2026-02-30', 'must be a date YYYY-MM-DD'],
      ] as const) {
        const reply = await applyFor({
          principal: '100000',
          collateral: [{ valuationId: id }],
          appliedOn,
        });
        expect(expectProblem(reply, 400).errors).toEqual([{ field: 'appliedOn', message }]);
      }
      const after = (await api.get('/api/v1/loans?limit=200', { apiKey: banks['jinan']!.key })).body
        .items.length;
      expect(after).toBe(before);
    });
  });

  describe('underwriting and bad input', () => {
    it('declines over the LTV cap, naming what could be lent', async () => {
      const { id, value } = await pledge();
      const reply = await applyFor({ principal: '30000000', collateral: [{ valuationId: id }] });
      expect(reply.body).toMatchObject({
        status: 'declined',
        lendable: (Number(value) * 0.4).toFixed(2),
      });
      expect(reply.body.reasons.map((r: any) => r.code)).toEqual(['ltv-exceeded']);
    });

    it("refuses another enterprise's valuation, a term above the product's, and an unknown product", async () => {
      const other = await enterprise(banks['jinan']!.key);
      const { id } = await pledge(other);
      const foreign = await applyFor({ principal: '100000', collateral: [{ valuationId: id }] });
      expectProblem(foreign, 422);
      expect(foreign.body.errors).toEqual([
        {
          field: 'collateral[0].valuationId',
          message: "values another enterprise's assets, not the borrower's",
        },
      ]);
      const long = await applyFor({
        principal: '100000',
        termMonths: 72,
        collateral: [{ valuationId: id }],
      });
      expectProblem(long, 400);
      expect(long.body.errors).toEqual([
        { field: 'termMonths', message: 'must be from 6 to 60 months for ip-pledge' },
      ]);
      const liaocheng = await applyFor(
        { principal: '100000', collateral: [{ valuationId: id }] },
        banks['liaocheng']!.key,
      );
      expectProblem(liaocheng, 404); // the enterprise is not Liaocheng's
    });

    it('hostile input is a 400 naming the field, and nothing is written', async () => {
      const { id } = await pledge();
      const count = async () =>
        (await api.get('/api/v1/loans?limit=200', { token: analyst })).body.items.length;
      const before = await count();
      const cases: [Record<string, unknown>, string][] = [
        [{ principal: 100000 }, 'principal'],
        [{ principal: '1e6' }, 'principal'],
        [{ principal: '100000', repaymentMethod: 'equal\u0000installment' }, 'repaymentMethod'],
        [{ principal: '100000', termMonths: '36' }, 'termMonths'],
        [
          { principal: '100000', collateral: [{ valuationId: `${id}\u0000` }] },
          'collateral.0.valuationId',
        ],
        [{ principal: '100000', surprise: true }, 'surprise'],
      ];
      for (const [body, field] of cases) {
        const reply = await applyFor({ collateral: [{ valuationId: id }], ...body });
        const problem = expectProblem(reply, 400);
        expect(problem.errors.map((e: any) => e.field)).toContain(field);
      }
      expect(await count()).toBe(before);
    });

    it('30 applications at once pledging one patent: exactly one loan', async () => {
      const { id } = await pledge();
      const replies = await Promise.all(
        Array.from({ length: 30 }, () =>
          applyFor({ principal: '100000', collateral: [{ valuationId: id }] }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(30).fill(201));
      expect(replies.filter((r) => r.body.status === 'approved')).toHaveLength(1);
      expect(replies.filter((r) => r.body.status === 'declined')).toHaveLength(29);
    });
  });

  it('30 repayments at once on one loan: they queue on the loan, those past the payoff are refused, nothing is lost or paid twice', async () => {
    const applied = await applyFor({
      productCode: 'credit',
      principal: '100000',
      termMonths: 12,
      collateral: undefined,
    });
    expect(applied.body.status).toBe('approved');
    const id = applied.body.loanId;
    const disbursed = await api.post(`/api/v1/loans/${id}/disbursements`, {
      apiKey: banks['jinan']!.key,
      headers: key(),
      body: { disbursedOn: today() },
    });
    expect(disbursed.status).toBe(200);
    const replies = await Promise.all(
      Array.from({ length: 30 }, () =>
        api.post(`/api/v1/loans/${id}/repayments`, {
          apiKey: banks['jinan']!.key,
          headers: key(),
          body: { amount: '5000.00', paidOn: today() },
        }),
      ),
    );
    const paid = replies.filter((r) => r.status === 201);
    // Paid on the disbursement day, before any period began: all principal. The twentieth clears
    // the loan; the ten after it find it closed.
    expect(paid).toHaveLength(20);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(10);
    const loan = (await api.get(`/api/v1/loans/${id}`, { apiKey: banks['jinan']!.key })).body;
    const cents = (v: string) => Math.round(Number(v) * 100);
    expect(cents(loan.principalRepaid)).toBe(
      paid.reduce((sum, r) => sum + cents(r.body.principal), 0),
    );
    expect(loan).toMatchObject({
      status: 'closed',
      principalRepaid: '100000.00',
      outstandingPrincipal: '0.00',
      interestPaid: '0.00',
    });
  });

  describe('a default and its recovery', () => {
    it('defaults past 90 days: loan-defaulted with the pledged patent, and the book shows it non-performing', async () => {
      // Classified by the run of the done-when above, which saw it 95 days late.
      const loan = (await api.get(`/api/v1/loans/${lateLoanId}`, { apiKey: banks['jinan']!.key }))
        .body;
      expect(loan).toMatchObject({
        status: 'defaulted',
        classification: 'substandard',
        defaultedOn: today(),
        daysPastDue: 95,
      });
      const owner = new Client({ connectionString: network.stack.db.ownerUrl });
      await owner.connect();
      try {
        await owner.query('BEGIN');
        await owner.query(`SELECT set_config('app.tenant_id', 'jinan', true)`);
        const events = await owner.query(
          `SELECT count(*)::int AS n FROM credit.outbox WHERE type = 'loan-defaulted'`,
        );
        await owner.query('COMMIT');
        expect(events.rows[0].n).toBe(1);
      } finally {
        await owner.end();
      }
      const book = (await api.get('/api/v1/credit/portfolio', { token: analyst })).body;
      expect(book.nonPerforming).toBe('300000.00');
      expect(book.classes.find((c: any) => c.classification === 'substandard')).toMatchObject({
        loans: 1,
        outstanding: '300000.00',
      });
    });

    it("books the guarantee institution's claim payout once, however often the event comes", async () => {
      const claimId = `claim-${Date.now()}`;
      const loanId = lateLoanId;
      const event = {
        loanId,
        guaranteeId: undefined,
        claimId,
        claim: '240000.00',
        payout: '192000.00',
        payableOn: today(),
      };
      const [id] = await publishEvents(network.stack.nats.url, 'jinan', GuaranteeEvents.claimed, [
        { payload: event },
      ]);
      await publishEvents(network.stack.nats.url, 'jinan', GuaranteeEvents.claimed, [
        { payload: event, id },
      ]);
      const loan = await eventually(
        async () =>
          (await api.get(`/api/v1/loans/${loanId}`, { apiKey: banks['jinan']!.key })).body,
        (l) => l.principalRecovered !== '0.00',
      );
      expect(loan).toMatchObject({
        principalRecovered: '192000.00',
        outstandingPrincipal: '108000.00',
      });
      await new Promise((r) => setTimeout(r, 500));
      const after = (await api.get(`/api/v1/loans/${loanId}`, { apiKey: banks['jinan']!.key }))
        .body;
      expect(after.principalRecovered).toBe('192000.00');
    });
  });

  it('the money adds up: every loan is outstanding + repaid + recovered + written off, and the book is their sum', async () => {
    const loans: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(
        `/api/v1/loans?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        { token: analyst },
      );
      loans.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const cents = (v: string) => Math.round(Number(v) * 100);
    const booked = loans.filter((l) => l.status !== 'approved');
    for (const l of booked)
      expect(cents(l.principal)).toBe(
        cents(l.outstandingPrincipal) +
          cents(l.principalRepaid) +
          cents(l.principalRecovered) +
          cents(l.principalWrittenOff),
      );
    const book = (await api.get('/api/v1/credit/portfolio', { token: analyst })).body;
    expect(book.loans).toBe(booked.length);
    expect(cents(book.outstanding)).toBe(
      booked.reduce((s, l) => s + cents(l.outstandingPrincipal), 0),
    );
    expect(cents(book.disbursed)).toBe(booked.reduce((s, l) => s + cents(l.principal), 0));
  });
});
