import { newId } from '@tf/platform';
import { validCreditCode } from '@tf/testing';
import {
  CALLERS,
  isRefusal,
  MATRIX,
  UNDOCUMENTED_ROUTES,
  type Caller,
} from './authorization-matrix';
import { Api, type Call, type Reply } from './http-client';
import { startNetwork, type Network } from './network';
import { grantedInvention, listedInvention } from './fixtures';

/**
 * Issue 14, item 3: the declared table of authorization-matrix.ts, checked against the running
 * network. Every route the gateway's OpenAPI document lists must have a row, and every row a
 * route; every route is then called as every caller, on real objects of bank A of Jinan, and the
 * status compared with the table. Refusals go first on each route, so an allowed caller finds the
 * object as the refused ones left it; objects a call uses up (a loan disbursed, an offer
 * accepted) are made afresh for each caller.
 */

const PASSWORD = 'authorization matrix passphrase';
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** What one call of a route sends: its concrete path, body and headers, and whose credentials. */
interface Send {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Credentials other than the caller's usual ones (a fresh session for logging out). */
  as?: Call;
}
type Builder = (caller: Caller) => Send | Promise<Send>;

interface Partner {
  id: string;
  key: string;
  keyId: string;
}
interface Staff {
  id: string;
  username: string;
  password: string;
  token: string;
}

describe('authorization matrix: every route × every caller', () => {
  let network: Network;
  let api: Api;
  let admin: string;
  const credentials = {} as Record<Caller, Call>;
  const staffOf: Partial<Record<Caller, Staff>> = {};
  let requests: Record<string, Builder>;
  /** Jinan's market as its staff read it: an auction's bids, a listing's offers (and the deals). */
  const market = ['/api/v1/trade-deals'];
  let keys = 0;
  const idempotency = () => ({ 'idempotency-key': `matrix-${keys++}-${Date.now()}` });

  /** A setup call that must succeed: the matrix means nothing on objects that are not there. */
  async function must(reply: Promise<Reply> | Reply, status = 201): Promise<any> {
    const r = await reply;
    if (r.status !== status)
      throw new Error(`setup: expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  }
  const post = (path: string, call: Call) =>
    api.post(path, { ...call, headers: { ...idempotency(), ...call.headers } });

  async function staff(tenant: string, username: string, roles: string[]): Promise<Staff> {
    const created = await must(
      api.post('/api/v1/users', {
        token: admin,
        tenant,
        body: { username, password: PASSWORD, roles },
      }),
    );
    return {
      id: created.id,
      username,
      password: PASSWORD,
      token: await api.token(username, PASSWORD),
    };
  }

  async function partner(tenant: string, kind: string, enterpriseId?: string): Promise<Partner> {
    const created = await must(
      api.post('/api/v1/partners', {
        token: admin,
        tenant,
        body: {
          name: `${tenant} ${kind} ${newId()}`,
          kind,
          ...(enterpriseId ? { enterpriseId } : {}),
        },
      }),
    );
    const key = await must(
      api.post(`/api/v1/partners/${created.id}/api-keys`, { token: admin, tenant }),
    );
    return { id: created.id, key: key.key, keyId: key.id };
  }

  beforeAll(async () => {
    // Limits off: this network takes a thousand calls from one address in a minute, 180 of them
    // without valid credentials, and the matrix is about who, not how often.
    // NATS_REQUEST_TIMEOUT_MS: a valuation's PDF report is rendered on first asking, which on a
    // loaded 2-core machine took more than the 2 s default; a 503 would say nothing about who.
    network = await startNetwork('authz-matrix', {
      NATS_REQUEST_TIMEOUT_MS: '10000',
      API_KEY_CACHE_TTL_MS: '200',
      RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_FAILURES_PER_MINUTE: '100000',
    });
    api = new Api(network.gateway);
    admin = await api.token(network.admin.username, network.admin.password);

    const analyst = await staff('jinan', 'jinan.matrix.analyst', ['analyst']);
    const auditor = await staff('jinan', 'jinan.matrix.auditor', ['auditor']);
    const centerAdmin = await staff('jinan', 'jinan.matrix.admin', ['center-admin']);
    const member = await staff('jinan', 'jinan.matrix.member', ['analyst']);
    const otherCenterAdmin = await staff('liaocheng', 'liaocheng.matrix.admin', ['center-admin']);
    const liaochengMembers = [
      await staff('liaocheng', 'liaocheng.matrix.one', ['analyst']),
      await staff('liaocheng', 'liaocheng.matrix.two', ['analyst']),
    ];
    const login = await staff('jinan', 'jinan.matrix.login', ['auditor']);
    Object.assign(staffOf, { analyst, auditor, centerAdmin, otherCenterAdmin });
    staffOf.platformAdmin = { id: '', ...network.admin, token: admin };

    const bankA = await partner('jinan', 'bank');
    const bankB = await partner('jinan', 'bank');
    const liaochengBank = await partner('liaocheng', 'bank');
    const revoked = await partner('jinan', 'bank');
    await must(api.delete(`/api/v1/api-keys/${revoked.keyId}`, { token: centerAdmin.token }), 200);
    const manager = await partner('jinan', 'fund');

    const registerEnterprise = async () =>
      (
        await must(
          api.post('/api/v1/enterprises', {
            apiKey: bankA.key,
            body: { creditCode: validCreditCode(), name: `济南矩阵科技有限公司 ${newId()}` },
          }),
        )
      ).id as string;
    const enterpriseId = await registerEnterprise();
    const sme = await partner('jinan', 'enterprise', enterpriseId);

    Object.assign(credentials, {
      none: {},
      revoked: { apiKey: revoked.key },
      ownBank: { apiKey: bankA.key },
      otherBank: { apiKey: bankB.key },
      otherCenterBank: { apiKey: liaochengBank.key },
      sme: { apiKey: sme.key },
      analyst: { token: analyst.token },
      auditor: { token: auditor.token },
      otherCenterAdmin: { token: otherCenterAdmin.token },
      centerAdmin: { token: centerAdmin.token },
      platformAdmin: { token: admin, tenant: 'jinan' },
    } satisfies Record<Caller, Call>);
    const ownPartnerId: Partial<Record<Caller, string>> = {
      ownBank: bankA.id,
      otherBank: bankB.id,
      otherCenterBank: liaochengBank.id,
    };

    // Valuation (评): bank A's requests about its enterprise, as valuation.e2e-spec sends them.
    const valuationBody = (purpose: string) => ({
      enterpriseId,
      purpose,
      referenceDate: daysAgo(3),
      assets: [grantedInvention()],
      income: { annualRevenue: ['40000000.00', '46000000.00', '52000000.00'] },
    });
    const computedValuation = async (purpose = 'reporting') =>
      (await must(post('/api/v1/valuations', { apiKey: bankA.key, body: valuationBody(purpose) })))
        .id as string;
    const approvedValuation = await computedValuation('pledge');
    await must(
      post(`/api/v1/valuations/${approvedValuation}/approve`, { token: analyst.token }),
      200,
    );
    const valuationToApprove = await computedValuation();
    const valuationToReject = await computedValuation();

    // Guarantee (保): bank A asks for guarantees of its loans to the enterprise.
    const guaranteeBody = (lenderPartnerId: string) => ({
      enterpriseId,
      lenderPartnerId,
      principal: '1000000',
      termMonths: 12,
      coverageRatio: '0.80',
    });
    const pendingGuarantee = async () =>
      (await must(post('/api/v1/guarantees', { apiKey: bankA.key, body: guaranteeBody(bankA.id) })))
        .id as string;
    const guarantee = await pendingGuarantee();
    const guaranteeToApprove = await pendingGuarantee();
    const guaranteeToDecline = await pendingGuarantee();

    // Credit (贷): a tech credit loan needs no collateral, so each is approved at once.
    const applicationBody = (lender?: string) => ({
      enterpriseId,
      productCode: 'credit',
      principal: '100000',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      ...(lender ? { lenderPartnerId: lender } : {}),
    });
    const approvedLoan = async () => {
      const applied = await must(
        post('/api/v1/loan-applications', { apiKey: bankA.key, body: applicationBody() }),
      );
      if (applied.status !== 'approved') throw new Error(`setup: ${JSON.stringify(applied)}`);
      return { applicationId: applied.id as string, loanId: applied.loanId as string };
    };
    const loan = await approvedLoan();
    await must(
      post(`/api/v1/loans/${loan.loanId}/disbursements`, {
        apiKey: bankA.key,
        body: { disbursedOn: today() },
      }),
      200,
    );

    // Investment (投): Jinan's fund, its committee the analyst, the center admin and one more.
    const fundBody = (committee: string[], managerPartnerId?: string) => ({
      name: `济南科创基金 ${newId()}`,
      size: '10000000',
      vintageYear: 2020,
      committee,
      ...(managerPartnerId ? { managerPartnerId } : {}),
    });
    const committee = [analyst.id, centerAdmin.id, member.id];
    const fund = (
      await must(
        post('/api/v1/funds', { token: centerAdmin.token, body: fundBody(committee, manager.id) }),
      )
    ).id as string;
    await must(
      post(`/api/v1/funds/${fund}/limited-partners`, {
        token: centerAdmin.token,
        body: { name: '山东省引导基金', commitment: '5000000' },
      }),
    );
    const deal = async (stages: string[], votes: Staff[] = []) => {
      const id = (
        await must(
          post('/api/v1/deals', {
            token: analyst.token,
            body: { fundId: fund, enterpriseId: await registerEnterprise() },
          }),
        )
      ).id as string;
      for (const stage of stages)
        await must(
          post(`/api/v1/deals/${id}/stage`, { token: analyst.token, body: { stage } }),
          200,
        );
      for (const voter of votes)
        await must(
          post(`/api/v1/deals/${id}/votes`, { token: voter.token, body: { vote: 'for' } }),
        );
      return id;
    };
    const toCommittee = ['screening', 'due_diligence', 'committee'];
    const dealBeforeCommittee = await deal(toCommittee);
    const dealAtSourcing = await deal([]);
    const passed = [analyst, centerAdmin, member];
    const dealToClose = await deal(toCommittee, passed);
    const closeBody = { amount: '100000', preMoneyValuation: '900000', closedOn: '2024-01-02' };
    const investment = (
      await must(
        post(`/api/v1/deals/${await deal(toCommittee, passed)}/close`, {
          token: analyst.token,
          body: closeBody,
        }),
      )
    ).id as string;
    const dealCompany = await registerEnterprise();

    // Trading (易): the enterprise's own key lists its patents; the analyst publishes them.
    const listingBody = (pricing: Record<string, unknown>) => ({
      title: '固态电池专利 Solid-state battery patent',
      sellerEnterpriseId: enterpriseId,
      dealType: 'transfer',
      assets: [listedInvention()],
      pricing,
    });
    const AUCTION = {
      mode: 'auction',
      reservePrice: '500000.00',
      increment: '10000.00',
      endsAt: daysAhead(3),
    };
    const NEGOTIABLE = { mode: 'negotiable' };
    const listing = async (pricing: Record<string, unknown>, publish = true) => {
      const id = (
        await must(post('/api/v1/listings', { apiKey: sme.key, body: listingBody(pricing) }))
      ).id as string;
      if (publish)
        await must(post(`/api/v1/listings/${id}/publish`, { token: analyst.token, body: {} }), 200);
      return id;
    };
    /** Bank A's open offer on a fresh negotiable listing. */
    const openOffer = async () =>
      (
        await must(
          post(`/api/v1/listings/${await listing(NEGOTIABLE)}/offers`, {
            apiKey: bankA.key,
            body: { amount: '300000.00' },
          }),
        )
      ).id as string;
    /** Bank A buys the SME's patent: the SME accepts its offer. */
    const tradeDeal = async () =>
      (await must(post(`/api/v1/offers/${await openOffer()}/accept`, { apiKey: sme.key }), 200))
        .dealId as string;
    const auction = await listing(AUCTION);
    const negotiable = await listing(NEGOTIABLE);
    const pendingToPublish = await listing(AUCTION, false);
    const pendingToReject = await listing(AUCTION, false);
    const auctionToClose = await listing(AUCTION);
    const boughtDeal = await tradeDeal();
    // A bid and an offer already there, for the platform admin's reading below.
    await must(
      post(`/api/v1/listings/${auction}/bids`, {
        apiKey: bankB.key,
        body: { amount: '480000.00' },
      }),
    );
    const offered = await listing(NEGOTIABLE);
    await must(
      post(`/api/v1/listings/${offered}/offers`, {
        apiKey: bankA.key,
        body: { amount: '300000.00' },
      }),
    );
    market.push(`/api/v1/listings/${auction}/bids`, `/api/v1/listings/${offered}/offers`);

    // Tenancy: the policy is patched with the value it has, so nothing else in this network moves.
    const policy = await must(
      api.get('/api/v1/tenants/jinan/policy', { token: centerAdmin.token }),
      200,
    );
    const discountRate = policy.valuation.discountRate as string;
    const netAssets: Partial<Record<Caller, string>> = { otherCenterAdmin: '60000000.00' };

    const freshUser = async () =>
      (
        await must(
          api.post('/api/v1/users', {
            token: admin,
            tenant: 'jinan',
            body: { username: `jinan.matrix.${keys++}`, password: PASSWORD, roles: ['auditor'] },
          }),
        )
      ).id as string;

    requests = {
      'GET /health/live': () => ({ path: '/health/live' }),
      'POST /api/v1/auth/token': () => ({
        path: '/api/v1/auth/token',
        body: { username: login.username, password: PASSWORD },
      }),
      // Staff end a session of their own, not the one the rest of the matrix uses.
      'POST /api/v1/auth/logout': async (caller) => {
        const user = staffOf[caller];
        const as = user
          ? { ...credentials[caller], token: await api.token(user.username, user.password) }
          : undefined;
        return { path: '/api/v1/auth/logout', ...(as ? { as } : {}) };
      },

      'GET /api/v1/tenants': () => ({ path: '/api/v1/tenants' }),
      'POST /api/v1/tenants': () => ({
        path: '/api/v1/tenants',
        body: { code: `m${newId().replace(/-/g, '').slice(-12)}`, name: '矩阵中心 (Matrix)' },
      }),
      'GET /api/v1/tenants/{code}/policy': () => ({ path: '/api/v1/tenants/jinan/policy' }),
      'PATCH /api/v1/tenants/{code}/policy': () => ({
        path: '/api/v1/tenants/jinan/policy',
        body: { valuation: { discountRate } },
      }),
      'POST /api/v1/partners': () => ({
        path: '/api/v1/partners',
        body: { name: `矩阵银行 ${newId()}`, kind: 'bank' },
      }),
      'GET /api/v1/partners': () => ({ path: '/api/v1/partners' }),
      'GET /api/v1/partners/{id}': () => ({ path: `/api/v1/partners/${bankA.id}` }),
      'POST /api/v1/partners/{id}/api-keys': () => ({
        path: `/api/v1/partners/${bankA.id}/api-keys`,
      }),
      // A spare key of bank A for each caller: bank A's own key keeps working.
      'DELETE /api/v1/api-keys/{id}': async () => ({
        path: `/api/v1/api-keys/${(await must(api.post(`/api/v1/partners/${bankA.id}/api-keys`, { token: admin, tenant: 'jinan' }))).id}`,
      }),
      'POST /api/v1/users': () => ({
        path: '/api/v1/users',
        body: { username: `matrix.user.${keys++}`, password: PASSWORD, roles: ['auditor'] },
      }),
      'GET /api/v1/users': () => ({ path: '/api/v1/users' }),
      'POST /api/v1/users/{id}/disable': async () => ({
        path: `/api/v1/users/${await freshUser()}/disable`,
      }),
      'GET /api/v1/stats': () => ({ path: '/api/v1/stats' }),
      'GET /api/v1/audit': () => ({ path: '/api/v1/audit' }),

      'GET /api/v1/ops/dead-letters': () => ({ path: '/api/v1/ops/dead-letters' }),
      'POST /api/v1/ops/dead-letters/{id}/replay': () => ({
        path: `/api/v1/ops/dead-letters/${newId()}/replay`,
      }),
      'POST /api/v1/ops/dead-letters/{service}/{id}/replay': () => ({
        path: `/api/v1/ops/dead-letters/valuation/${newId()}/replay`,
      }),

      'POST /api/v1/enterprises': () => ({
        path: '/api/v1/enterprises',
        body: { creditCode: validCreditCode(), name: `济南矩阵新材料有限公司 ${newId()}` },
      }),
      'GET /api/v1/enterprises': () => ({ path: '/api/v1/enterprises' }),
      'GET /api/v1/enterprises/{id}': () => ({ path: `/api/v1/enterprises/${enterpriseId}` }),
      'GET /api/v1/enterprises/{id}/overview': () => ({
        path: `/api/v1/enterprises/${enterpriseId}/overview`,
      }),

      'POST /api/v1/valuations': () => ({
        path: '/api/v1/valuations',
        body: valuationBody('reporting'),
      }),
      'GET /api/v1/valuations': () => ({ path: '/api/v1/valuations' }),
      'GET /api/v1/valuations/{id}': () => ({ path: `/api/v1/valuations/${approvedValuation}` }),
      'GET /api/v1/valuations/{id}/report': () => ({
        path: `/api/v1/valuations/${approvedValuation}/report`,
      }),
      'POST /api/v1/valuations/{id}/approve': () => ({
        path: `/api/v1/valuations/${valuationToApprove}/approve`,
      }),
      'POST /api/v1/valuations/{id}/reject': () => ({
        path: `/api/v1/valuations/${valuationToReject}/reject`,
        body: { reason: 'the revenue forecast is not supported by the accounts' },
      }),

      // A bank names itself as the lender; staff name bank A.
      'POST /api/v1/guarantees': (caller) => ({
        path: '/api/v1/guarantees',
        body: guaranteeBody(ownPartnerId[caller] ?? bankA.id),
      }),
      'GET /api/v1/guarantees/{id}': () => ({ path: `/api/v1/guarantees/${guarantee}` }),
      'POST /api/v1/guarantees/{id}/approve': () => ({
        path: `/api/v1/guarantees/${guaranteeToApprove}/approve`,
      }),
      'POST /api/v1/guarantees/{id}/decline': () => ({
        path: `/api/v1/guarantees/${guaranteeToDecline}/decline`,
        body: { reason: 'the enterprise’s cash flow does not cover the installments' },
      }),
      'GET /api/v1/guarantee-capacity': () => ({ path: '/api/v1/guarantee-capacity' }),
      // Each admin states its own institution's net assets as they are.
      'PATCH /api/v1/guarantee-institution': (caller) => ({
        path: '/api/v1/guarantee-institution',
        body: { netAssets: netAssets[caller] ?? '200000000.00' },
      }),

      'GET /api/v1/loan-products': () => ({ path: '/api/v1/loan-products' }),
      // A bank lends itself; staff apply for bank A.
      'POST /api/v1/loan-applications': (caller) => ({
        path: '/api/v1/loan-applications',
        body: applicationBody(ownPartnerId[caller] ? undefined : bankA.id),
      }),
      'GET /api/v1/loan-applications/{id}': () => ({
        path: `/api/v1/loan-applications/${loan.applicationId}`,
      }),
      'GET /api/v1/loans': () => ({ path: '/api/v1/loans' }),
      'GET /api/v1/loans/{id}': () => ({ path: `/api/v1/loans/${loan.loanId}` }),
      'GET /api/v1/loans/{id}/schedule': () => ({ path: `/api/v1/loans/${loan.loanId}/schedule` }),
      // A loan is disbursed once: each caller gets an approved loan of bank A of its own.
      'POST /api/v1/loans/{id}/disbursements': async () => ({
        path: `/api/v1/loans/${(await approvedLoan()).loanId}/disbursements`,
        body: { disbursedOn: today() },
      }),
      'POST /api/v1/loans/{id}/repayments': () => ({
        path: `/api/v1/loans/${loan.loanId}/repayments`,
        body: { amount: '100.00', paidOn: today() },
      }),
      'POST /api/v1/credit/classification-runs': () => ({
        path: '/api/v1/credit/classification-runs',
        body: { asOf: today() },
      }),
      'GET /api/v1/credit/portfolio': () => ({ path: '/api/v1/credit/portfolio' }),

      // Liaocheng's admin sets up a fund of Liaocheng, its committee Liaocheng's staff.
      'POST /api/v1/funds': (caller) => ({
        path: '/api/v1/funds',
        body:
          caller === 'otherCenterAdmin'
            ? fundBody([otherCenterAdmin.id, ...liaochengMembers.map((m) => m.id)])
            : fundBody(committee, manager.id),
      }),
      'GET /api/v1/funds': () => ({ path: '/api/v1/funds' }),
      'GET /api/v1/funds/{id}': () => ({ path: `/api/v1/funds/${fund}` }),
      'POST /api/v1/funds/{id}/limited-partners': () => ({
        path: `/api/v1/funds/${fund}/limited-partners`,
        body: { name: '济南市创投', commitment: '1000000' },
      }),
      'GET /api/v1/funds/{id}/limited-partners': () => ({
        path: `/api/v1/funds/${fund}/limited-partners`,
      }),
      'POST /api/v1/funds/{id}/flows': () => ({
        path: `/api/v1/funds/${fund}/flows`,
        body: { kind: 'capital_call', amount: '1000', on: today() },
      }),
      'GET /api/v1/funds/{id}/metrics': () => ({ path: `/api/v1/funds/${fund}/metrics` }),
      'POST /api/v1/deals': () => ({
        path: '/api/v1/deals',
        body: { fundId: fund, enterpriseId: dealCompany },
      }),
      'GET /api/v1/deals': () => ({ path: '/api/v1/deals' }),
      'GET /api/v1/deals/{id}': () => ({ path: `/api/v1/deals/${dealBeforeCommittee}` }),
      'POST /api/v1/deals/{id}/stage': () => ({
        path: `/api/v1/deals/${dealAtSourcing}/stage`,
        body: { stage: 'screening' },
      }),
      'POST /api/v1/deals/{id}/votes': () => ({
        path: `/api/v1/deals/${dealBeforeCommittee}/votes`,
        body: { vote: 'for' },
      }),
      'POST /api/v1/deals/{id}/close': () => ({
        path: `/api/v1/deals/${dealToClose}/close`,
        body: closeBody,
      }),
      'GET /api/v1/investments': () => ({ path: '/api/v1/investments' }),
      'GET /api/v1/investments/{id}': () => ({ path: `/api/v1/investments/${investment}` }),
      'POST /api/v1/investments/{id}/follow-ons': () => ({
        path: `/api/v1/investments/${investment}/follow-ons`,
        body: { amount: '50000', preMoneyValuation: '1500000', investedOn: '2024-03-01' },
      }),
      'POST /api/v1/investments/{id}/marks': () => ({
        path: `/api/v1/investments/${investment}/marks`,
        body: { fairValue: '150000', markedOn: '2024-06-30' },
      }),
      'POST /api/v1/investments/{id}/exits': () => ({
        path: `/api/v1/investments/${investment}/exits`,
        body: { fraction: '0.5', proceeds: '80000', exitedOn: '2024-07-01' },
      }),

      'POST /api/v1/listings': () => ({ path: '/api/v1/listings', body: listingBody(AUCTION) }),
      'GET /api/v1/listings': () => ({ path: '/api/v1/listings' }),
      'GET /api/v1/listings/{id}': () => ({ path: `/api/v1/listings/${auction}` }),
      'POST /api/v1/listings/{id}/publish': () => ({
        path: `/api/v1/listings/${pendingToPublish}/publish`,
        body: {},
      }),
      'POST /api/v1/listings/{id}/reject': () => ({
        path: `/api/v1/listings/${pendingToReject}/reject`,
        body: { note: 'the patent’s legal status is not shown' },
      }),
      // Withdrawn once: each caller gets a listing of its own, under review.
      'POST /api/v1/listings/{id}/withdraw': async () => ({
        path: `/api/v1/listings/${await listing(AUCTION, false)}/withdraw`,
      }),
      'PUT /api/v1/listings/{id}/shares': () => ({
        path: `/api/v1/listings/${auction}/shares`,
        body: { centers: [] },
      }),
      'POST /api/v1/listings/{id}/close': () => ({
        path: `/api/v1/listings/${auctionToClose}/close`,
      }),
      // Each bid at the auction's next minimum, so an allowed bidder's bid is a valid one.
      'POST /api/v1/listings/{id}/bids': async () => {
        const now = await must(
          api.get(`/api/v1/listings/${auction}`, { token: analyst.token }),
          200,
        );
        return { path: `/api/v1/listings/${auction}/bids`, body: { amount: now.nextMinimumBid } };
      },
      'GET /api/v1/listings/{id}/bids': () => ({ path: `/api/v1/listings/${auction}/bids` }),
      'POST /api/v1/listings/{id}/offers': () => ({
        path: `/api/v1/listings/${negotiable}/offers`,
        body: { amount: '300000.00' },
      }),
      'GET /api/v1/listings/{id}/offers': () => ({ path: `/api/v1/listings/${negotiable}/offers` }),
      // An offer is answered once: each caller gets bank A's open offer on a listing of its own.
      'POST /api/v1/offers/{offerId}/accept': async () => ({
        path: `/api/v1/offers/${await openOffer()}/accept`,
      }),
      'POST /api/v1/offers/{offerId}/decline': async () => ({
        path: `/api/v1/offers/${await openOffer()}/decline`,
      }),
      'POST /api/v1/offers/{offerId}/counter': async () => ({
        path: `/api/v1/offers/${await openOffer()}/counter`,
        body: { amount: '350000.00' },
      }),
      'GET /api/v1/trade-deals': () => ({ path: '/api/v1/trade-deals' }),
      'GET /api/v1/trade-deals/{id}': () => ({ path: `/api/v1/trade-deals/${boughtDeal}` }),
      // Paid once: each caller records payment on a deal of its own.
      'POST /api/v1/trade-deals/{id}/settlement': async () => ({
        path: `/api/v1/trade-deals/${await tradeDeal()}/settlement`,
        body: { status: 'paid', on: today() },
      }),
      'POST /api/v1/trade-deals/{id}/registration': () => ({
        path: `/api/v1/trade-deals/${boughtDeal}/registration`,
        body: { registeredOn: today() },
      }),
    };
  }, 300_000);

  afterAll(async () => {
    await network?.stack.stop();
  });

  it("has a row for every route in the gateway's OpenAPI document, and no row for a route it does not serve", async () => {
    const doc = await api.get('/docs-json');
    expect(doc.status).toBe(200);
    const served = new Set<string>(UNDOCUMENTED_ROUTES);
    for (const [path, item] of Object.entries(doc.body.paths as Record<string, object>))
      for (const method of Object.keys(item))
        if (METHODS.includes(method)) served.add(`${method.toUpperCase()} ${path}`);
    const problems = [
      ...[...served]
        .filter((route) => !(route in MATRIX))
        .map((route) => `add a row for ${route} to authorization-matrix.ts`),
      ...Object.keys(MATRIX)
        .filter((route) => !served.has(route))
        .map((route) => `remove the row for ${route}: the gateway does not serve it`),
      ...Object.keys(MATRIX)
        .filter((route) => !(route in requests))
        .map((route) => `say how to call ${route} in authorization-matrix.e2e-spec.ts`),
    ];
    expect(problems).toEqual([]);
  });

  it('answers every caller on every route with the status of the table', async () => {
    const started = Date.now();
    const mismatches: string[] = [];
    let cases = 0;
    for (const [route, expected] of Object.entries(MATRIX)) {
      const build = requests[route];
      if (!build) continue; // reported by the test above
      const method = route.slice(0, route.indexOf(' '));
      // The refused first: they must leave the target as an allowed caller expects to find it.
      const order = [
        ...CALLERS.filter((c) => isRefusal(expected[c])),
        ...CALLERS.filter((c) => !isRefusal(expected[c])),
      ];
      for (const caller of order) {
        const send = await build(caller);
        const reply = await api.call(method, send.path, {
          ...(send.as ?? credentials[caller]),
          ...(send.body !== undefined ? { body: send.body } : {}),
          headers: { ...(method === 'POST' ? idempotency() : {}), ...send.headers },
        });
        cases++;
        if (reply.status !== expected[caller]) {
          const detail =
            typeof reply.body === 'object' && reply.body
              ? `${reply.body.type ?? ''} ${reply.body.detail ?? ''}`.trim()
              : '';
          mismatches.push(
            `${route} as ${caller}: expected ${expected[caller]}, got ${reply.status}${detail ? ` (${detail})` : ''}`,
          );
        }
      }
    }
    const routes = Object.keys(MATRIX).length;
    console.log(
      `authorization matrix: ${routes} routes × ${CALLERS.length} callers = ${cases} cases checked in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(mismatches).toEqual([]);
  }, 240_000);

  // The matrix found the trading service answering 404 to a platform admin naming Jinan (its
  // listings, bids, offers and deals were for Jinan's staff only) though the gateway lets the
  // platform admin read everywhere; now it reads them as Jinan's auditor does, bidders named.
  it("a platform admin naming Jinan reads Jinan's market as its auditor does", async () => {
    for (const path of market) {
      const [asAdmin, asAuditor] = [
        await api.get(path, credentials.platformAdmin),
        await api.get(path, credentials.auditor),
      ];
      expect([path, asAdmin.status]).toEqual([path, 200]);
      expect(asAuditor.body.items.length).toBeGreaterThan(0);
      expect(asAdmin.body.items).toEqual(asAuditor.body.items);
    }
  });
});
