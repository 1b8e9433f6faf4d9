import { validPatentNumber } from '@tf/testing';
import { Api, expectProblem, partnerWithKey, registerEnterprise, staffToken } from './http-client';
import { startNetwork, type Network } from './network';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * GET /enterprises/{id}/overview: one call gathers what the five services hold about an
 * enterprise, each section as the caller may see it; a service that is down makes its own section
 * unavailable, not the call.
 */
describe('the enterprise overview through the gateway', () => {
  let network: Network;
  let api: Api;
  let analyst: string;
  let bank: { id: string; key: string };
  let rival: { id: string; key: string };
  let enterpriseId: string;
  let valuationId: string;
  let listingId: string;

  beforeAll(async () => {
    network = await startNetwork('overview');
    api = new Api(network.gateway);
    const admin = await api.token(network.admin.username, network.admin.password);
    analyst = await staffToken(api, admin, 'jinan', {
      username: 'jinan.overview.li',
      password: 'overview password 1',
      roles: ['analyst'],
    });
    bank = await partnerWithKey(api, admin, 'jinan', 'bank');
    rival = await partnerWithKey(api, admin, 'jinan', 'bank');
    enterpriseId = await registerEnterprise(api, bank.key);
    const valuation = await api.post('/api/v1/valuations', {
      apiKey: bank.key,
      body: {
        enterpriseId,
        purpose: 'transfer',
        referenceDate: today(),
        assets: [
          {
            kind: 'patent',
            number: validPatentNumber('invention'),
            title: '一种传感器封装方法',
            patentType: 'invention',
            filedOn: '2021-05-06',
            grantedOn: '2023-02-01',
            legalStatus: 'granted',
          },
        ],
        income: { annualRevenue: ['2000000.00', '2400000.00', '2800000.00'] },
      },
    });
    expect(valuation.status).toBe(201);
    valuationId = valuation.body.id;
    const listing = await api.post('/api/v1/listings', {
      token: analyst,
      body: {
        title: '传感器专利许可 Sensor patent licence',
        sellerEnterpriseId: enterpriseId,
        dealType: 'non_exclusive_license',
        assets: [
          {
            kind: 'patent',
            number: validPatentNumber('invention'),
            title: '一种传感器',
            patentType: 'invention',
          },
        ],
        pricing: { mode: 'fixed', askingPrice: '200000.00' },
      },
    });
    expect(listing.status).toBe(201);
    listingId = listing.body.id;
  });

  afterAll(async () => {
    await network?.stack.stop();
  });

  const overview = (auth: { token?: string; apiKey?: string }, id = enterpriseId) =>
    api.get(`/api/v1/enterprises/${id}/overview`, auth);

  it("gathers the enterprise's sections for the center's analyst", async () => {
    const reply = await overview({ token: analyst });
    expect(reply.status).toBe(200);
    expect(reply.body.enterprise.id).toBe(enterpriseId);
    expect(reply.body.valuations).toMatchObject({ items: [{ id: valuationId }], more: false });
    expect(reply.body.listings).toMatchObject({ items: [{ id: listingId }], more: false });
    for (const section of ['guarantees', 'loans', 'investments'])
      expect(reply.body[section]).toEqual({ items: [], more: false });
  });

  it('shows a bank what it may see: its own valuation; a rival bank of the center not that one', async () => {
    expect((await overview({ apiKey: bank.key })).body.valuations.items).toHaveLength(1);
    const rivals = await overview({ apiKey: rival.key });
    expect(rivals.status).toBe(200);
    expect(rivals.body.valuations.items).toEqual([]);
    // A listing under review is its seller's and the staff's: not in a bank's overview.
    expect(rivals.body.listings.items).toEqual([]);
  });

  it("is 404 for another center's bank, and for an unknown id", async () => {
    const admin = await api.token(network.admin.username, network.admin.password);
    const beijing = await partnerWithKey(api, admin, 'beijing', 'bank');
    expectProblem(await overview({ apiKey: beijing.key }), 404);
    expectProblem(await overview({ token: analyst }, '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f'), 404);
    expectProblem(await api.get(`/api/v1/enterprises/${enterpriseId}/overview`, {}), 401);
    // An SME's own key sees its own enterprise's overview, never another SME's.
    const other = await registerEnterprise(api, bank.key);
    const sme = await partnerWithKey(api, admin, 'jinan', 'enterprise', other);
    expect((await overview({ apiKey: sme.key }, other)).status).toBe(200);
    expectProblem(await overview({ apiKey: sme.key }), 404);
  });

  // Last: it stops a service.
  it('answers without a service that is down: its section is unavailable, the rest are there', async () => {
    await network.stack.stopService('investment');
    const started = Date.now();
    const reply = await overview({ token: analyst });
    expect(reply.status).toBe(200);
    expect(reply.body.investments).toMatchObject({ unavailable: true });
    expect(reply.body.valuations.items).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
