import {
  CreditEvents,
  GuaranteeEvents,
  InvestmentEvents,
  TradingEvents,
  ValuationEvents,
} from '@tf/contracts';
import { newId } from '@tf/platform';
import { validPatentNumber } from '@tf/testing';
import { eventually, publishEvents } from './events';
import { Api, expectProblem, partnerWithKey, staffToken } from './http-client';
import { startNetwork, type Network } from './network';

/**
 * GET /stats: each center's headline figures, a read model the services' events move (here the
 * events are published as the services publish them, so the figures can be computed by hand). A
 * redelivered event moves nothing twice; a patent valued twice is one patent.
 */
describe('center statistics through the gateway', () => {
  let network: Network;
  let api: Api;
  let admin: string;
  let analyst: string;
  const patents = [validPatentNumber('invention'), validPatentNumber('utility_model')];
  const enterprise = newId();

  beforeAll(async () => {
    network = await startNetwork('stats');
    api = new Api(network.gateway);
    admin = await api.token(network.admin.username, network.admin.password);
    analyst = await staffToken(api, admin, 'liaocheng', {
      username: 'liaocheng.stats.wu',
      password: 'statistics pass 1',
      roles: ['analyst'],
    });
    const nats = network.stack.nats.url;
    const approved = newId();
    await publishEvents(nats, 'liaocheng', ValuationEvents.approved, [
      {
        id: approved,
        payload: {
          valuationId: newId(),
          enterpriseId: enterprise,
          purpose: 'pledge',
          value: '1200000.00',
          validUntil: '2027-12-01',
          assetNumbers: patents,
        },
      },
      // The same event again (a redelivery), and a revaluation naming the first patent in ZL form.
      {
        id: approved,
        payload: {
          valuationId: newId(),
          enterpriseId: enterprise,
          purpose: 'pledge',
          value: '1200000.00',
          validUntil: '2027-12-01',
          assetNumbers: patents,
        },
      },
      {
        payload: {
          valuationId: newId(),
          enterpriseId: enterprise,
          purpose: 'transfer',
          value: '800000.00',
          validUntil: '2027-12-01',
          assetNumbers: [`ZL${patents[0]!.slice(2)}`],
        },
      },
    ]);
    await publishEvents(nats, 'liaocheng', GuaranteeEvents.approved, [
      {
        payload: {
          guaranteeId: newId(),
          enterpriseId: enterprise,
          lenderPartnerId: newId(),
          guaranteedAmount: '1600000.00',
          institutionId: newId(),
        },
      },
      {
        payload: {
          guaranteeId: newId(),
          enterpriseId: enterprise,
          lenderPartnerId: newId(),
          guaranteedAmount: '400000.00',
          institutionId: newId(),
        },
      },
    ]);
    await publishEvents(nats, 'liaocheng', CreditEvents.loanDisbursed, [
      {
        payload: {
          loanId: newId(),
          enterpriseId: enterprise,
          principal: '2000000.00',
          disbursedOn: '2026-01-05',
          annualRate: '0.035',
          maturityOn: '2027-01-05',
        },
      },
      {
        payload: {
          loanId: newId(),
          enterpriseId: enterprise,
          principal: '1000000.00',
          disbursedOn: '2026-02-05',
          annualRate: '0.035',
          maturityOn: '2027-02-05',
        },
      },
    ]);
    await publishEvents(nats, 'liaocheng', CreditEvents.loanRepaid, [
      {
        payload: {
          loanId: newId(),
          principalRepaid: '150000.00',
          outstandingPrincipal: '1850000.00',
          paidOn: '2026-02-05',
          interestPaid: '5833.33',
          penaltyPaid: '0.00',
        },
      },
    ]);
    await publishEvents(nats, 'liaocheng', CreditEvents.bookClassified, [
      {
        payload: {
          asOf: '2026-06-30',
          loans: 2,
          classes: [
            { classification: 'normal', loans: 1, outstanding: '1850000.00' },
            { classification: 'substandard', loans: 1, outstanding: '1000000.00' },
          ],
        },
      },
    ]);
    await publishEvents(nats, 'liaocheng', InvestmentEvents.investmentClosed, [
      {
        payload: {
          investmentId: newId(),
          dealId: newId(),
          fundId: newId(),
          enterpriseId: enterprise,
          instrument: 'equity',
          amount: '5000000.00',
          preMoneyValuation: '20000000.00',
          ownership: '0.20000000',
          closedOn: '2026-03-01',
        },
      },
    ]);
    await publishEvents(nats, 'liaocheng', TradingEvents.tradeDealClosed, [
      {
        payload: {
          dealId: newId(),
          listingId: newId(),
          closedOn: '2026-04-01',
          price: '650000.00',
          dealType: 'transfer',
          commission: '19500.00',
          assets: [],
        },
      },
    ]);
  });

  afterAll(async () => {
    await network?.stack.stop();
  });

  it("a center's analyst reads its figures, each event counted once", async () => {
    const stats = await eventually(
      () => api.get('/api/v1/stats', { token: analyst }),
      (r) =>
        r.body?.tradeDeals === 1 &&
        r.body?.nplRatio !== null &&
        r.body?.investments === 1 &&
        r.body?.loansOutstanding === '2850000.00' &&
        r.body?.enterprisesGuaranteed === 1,
      10_000,
    );
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      tenant: 'liaocheng',
      // Two patents, one of them valued again under its ZL number: 2; 1,200,000 + 800,000.
      patentsValued: 2,
      valuedTotal: '2000000.00',
      // One enterprise, guaranteed twice: 1; 1,600,000 + 400,000.
      enterprisesGuaranteed: 1,
      guaranteedAmount: '2000000.00',
      // 2,000,000 + 1,000,000 disbursed, 150,000 repaid.
      loans: 2,
      loanAmount: '3000000.00',
      loansOutstanding: '2850000.00',
      // 1,000,000 substandard of 2,850,000 outstanding = 0.35087… → 0.3509.
      nplRatio: '0.3509',
      nplAsOf: '2026-06-30',
      investments: 1,
      investedAmount: '5000000.00',
      tradeDeals: 1,
      tradedAmount: '650000.00',
    });
  });

  it("a platform admin naming no center gets every center's figures and their total", async () => {
    const reply = await api.get('/api/v1/stats', { token: admin });
    expect(reply.status).toBe(200);
    expect(reply.body.centers.map((c: { tenant: string }) => c.tenant).sort()).toEqual([
      'beijing',
      'jinan',
      'liaocheng',
    ]);
    expect(reply.body.total).toMatchObject({
      patentsValued: 2,
      loans: 2,
      tradedAmount: '650000.00',
      nplRatio: '0.3509',
    });
    // Naming a center, the admin gets that center's.
    const jinan = await api.get('/api/v1/stats', { token: admin, tenant: 'jinan' });
    expect(jinan.body).toMatchObject({ tenant: 'jinan', loans: 0, nplRatio: null });
  });

  it('is for staff: a partner key is refused, and anonymous is 401', async () => {
    const bank = await partnerWithKey(api, admin, 'liaocheng', 'bank');
    expectProblem(await api.get('/api/v1/stats', { apiKey: bank.key }), 403);
    expectProblem(await api.get('/api/v1/stats', {}), 401);
  });
});
