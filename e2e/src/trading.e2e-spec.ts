import { fromBinary } from '@bufbuild/protobuf';
import { common, CreditEvents, TradingEvents } from '@tf/contracts';
import { newId } from '@tf/platform';
import { validPatentNumber } from '@tf/testing';
import { Client } from 'pg';
import { eventually, publishEvents } from './events';
import { Api, expectProblem, partnerWithKey, registerEnterprise, staffToken } from './http-client';
import { startNetwork, type Network } from './network';
import { listedInvention } from './fixtures';

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const daysAhead = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/**
 * The exchange (易) through the gateway, API.md "Trading": a university lists a patent for
 * auction, an analyst publishes it, buyers of its center (and, once it is shared, of another)
 * bid, the analyst's hammer sells it into a trade deal with the center broker's commission, the
 * deal is settled and registered; a defaulted loan's pledged patent is sold by a disposal auction.
 */
describe('trading (易) through the gateway', () => {
  let network: Network;
  let api: Api;
  let admin: string;
  let analyst: string;
  let university: { id: string; key: string };
  let bankA: { id: string; key: string };
  let bankB: { id: string; key: string };
  let rival: { id: string; key: string };
  let beijing: { id: string; key: string };
  let sellerEnterpriseId: string;
  let keys = 0;
  const key = () => ({ 'idempotency-key': `trading-e2e-${keys++}-${Date.now()}` });

  beforeAll(async () => {
    network = await startNetwork('trading');
    api = new Api(network.gateway);
    admin = await api.token(network.admin.username, network.admin.password);
    analyst = await staffToken(api, admin, 'jinan', {
      username: 'jinan.trade.zhou',
      password: 'trading password 1',
      roles: ['analyst'],
    });
    university = await partnerWithKey(api, admin, 'jinan', 'university');
    bankA = await partnerWithKey(api, admin, 'jinan', 'bank');
    bankB = await partnerWithKey(api, admin, 'jinan', 'bank');
    rival = await partnerWithKey(api, admin, 'jinan', 'bank');
    beijing = await partnerWithKey(api, admin, 'beijing', 'bank');
    sellerEnterpriseId = await registerEnterprise(api, bankA.key);
  });

  afterAll(async () => {
    await network?.stack.stop();
  });

  const patent = listedInvention;

  /** A patent auction: ¥500,000 reserve, ¥10,000 steps, bidding for 3 days. */
  const auction = (extra: Record<string, unknown> = {}) => ({
    title: '固态电池专利 Solid-state battery patent',
    sellerEnterpriseId,
    dealType: 'transfer',
    assets: [patent()],
    pricing: {
      mode: 'auction',
      reservePrice: '500000.00',
      increment: '10000.00',
      endsAt: daysAhead(3),
    },
    ...extra,
  });

  const list = (body: Record<string, unknown>, apiKey = university.key) =>
    api.post('/api/v1/listings', { apiKey, headers: key(), body });

  const publish = (id: string) =>
    api.post(`/api/v1/listings/${id}/publish`, { token: analyst, headers: key(), body: {} });

  const bid = (id: string, amount: string, call: { apiKey?: string; token?: string }) =>
    api.post(`/api/v1/listings/${id}/bids`, { ...call, body: { amount } });

  /** A listing made by `apiKey` and published by the analyst: its id. */
  async function published(body: Record<string, unknown>, apiKey = university.key) {
    const created = await list(body, apiKey);
    expect(created.status).toBe(201);
    const listed = await publish(created.body.id);
    expect(listed.status).toBe(200);
    expect(listed.body.status).toBe('listed');
    return created.body.id as string;
  }

  /** Jinan's trading outbox, as written in the same transactions as the changes. */
  async function outbox(): Promise<{ type: string; envelope: Buffer }[]> {
    const owner = new Client({ connectionString: network.stack.db.ownerUrl });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query(`SELECT set_config('app.tenant_id', 'jinan', true)`);
      const events = await owner.query(
        `SELECT type, envelope FROM trading.outbox ORDER BY created_at, id`,
      );
      await owner.query('COMMIT');
      return events.rows;
    } finally {
      await owner.end();
    }
  }

  describe('the done-when: a university’s patent auctioned, shared with Beijing, sold, settled and registered', () => {
    let listingId: string;
    let dealId: string;

    it('a university lists a patent for auction: pending review, which a bank of the center cannot see', async () => {
      const created = await list(auction());
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        tenant: 'jinan',
        status: 'pending_review',
        sellerEnterpriseId,
        dealType: 'transfer',
        pricing: { mode: 'auction', reservePrice: '500000.00', increment: '10000.00' },
        bidCount: 0,
        sharedWith: [],
        listedBy: `partner:${university.id}`,
      });
      listingId = created.body.id;
      const hidden = expectProblem(
        await api.get(`/api/v1/listings/${listingId}`, { apiKey: bankA.key }),
        404,
      );
      expect(hidden.type).toBe('/problems/listing-not-found');
      expectProblem(await bid(listingId, '480000.00', { apiKey: bankA.key }), 404);
      expect(
        (await api.get(`/api/v1/listings/${listingId}`, { apiKey: university.key })).status,
      ).toBe(200);
      expect((await api.get(`/api/v1/listings/${listingId}`, { token: analyst })).status).toBe(200);
    });

    it('an analyst publishes it; banks of the center see it, and bid (a bid under the best plus the increment is a 422 naming the amount)', async () => {
      const listed = await publish(listingId);
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({
        status: 'listed',
        reviewedBy: expect.stringMatching(/^user:/),
      });
      const seen = await api.get(`/api/v1/listings/${listingId}`, { apiKey: bankA.key });
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ status: 'listed', nextMinimumBid: '0.01' });
      expectProblem(await publish(listingId), 409);

      // Bids may open under the reserve; the reserve decides only whether it sells.
      const first = await bid(listingId, '480000.00', { apiKey: bankA.key });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        listingId,
        amount: '480000.00',
        bidder: `partner:${bankA.id}`,
        bidderCenter: 'jinan',
      });
      // 480,000 + the 10,000 increment: the next bid is at least 490,000.
      const low = await bid(listingId, '485000.00', { apiKey: bankB.key });
      const problem = expectProblem(low, 422);
      expect(problem.type).toBe('/problems/bid-too-low');
      expect(problem.errors).toEqual([{ field: 'amount', message: 'must be at least 490000.00' }]);
      const enough = await bid(listingId, '490000.00', { apiKey: bankB.key });
      expect(enough.status).toBe(201);
      const now = (await api.get(`/api/v1/listings/${listingId}`, { apiKey: bankA.key })).body;
      expect(now).toMatchObject({ bestBid: '490000.00', bidCount: 2, nextMinimumBid: '500000.00' });
    });

    it('a Beijing bank sees it only once the Jinan analyst shares it with Beijing, and may then bid', async () => {
      expectProblem(await api.get(`/api/v1/listings/${listingId}`, { apiKey: beijing.key }), 404);
      expectProblem(await bid(listingId, '520000.00', { apiKey: beijing.key }), 404);
      const before = await api.get('/api/v1/listings?includeShared=true', { apiKey: beijing.key });
      expect(before.body.items.map((l: { id: string }) => l.id)).not.toContain(listingId);

      const shared = await api.put(`/api/v1/listings/${listingId}/shares`, {
        token: analyst,
        body: { centers: ['beijing'] },
      });
      expect(shared.status).toBe(200);
      expect(shared.body.sharedWith).toEqual(['beijing']);
      // A partner key does not share; an unknown center is refused.
      expectProblem(
        await api.put(`/api/v1/listings/${listingId}/shares`, {
          apiKey: university.key,
          body: { centers: ['beijing'] },
        }),
        403,
      );
      expectProblem(
        await api.put(`/api/v1/listings/${listingId}/shares`, {
          token: analyst,
          body: { centers: ['atlantis'] },
        }),
        422,
      );

      const seen = await api.get(`/api/v1/listings/${listingId}`, { apiKey: beijing.key });
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ tenant: 'jinan', status: 'listed', bestBid: '490000.00' });
      const found = await api.get('/api/v1/listings?includeShared=true', { apiKey: beijing.key });
      expect(found.body.items.map((l: { id: string }) => l.id)).toContain(listingId);
      const fromBeijing = await bid(listingId, '520000.00', { apiKey: beijing.key });
      expect(fromBeijing.status).toBe(201);
      expect(fromBeijing.body).toMatchObject({ amount: '520000.00', bidderCenter: 'beijing' });
      const last = await bid(listingId, '530000.00', { apiKey: bankA.key });
      expect(last.status).toBe(201);
    });

    it('the analyst closes it: sold to the best bid, a deal with the 3 % commission that the buyer and the seller see, a rival bank not', async () => {
      const closed = await api.post(`/api/v1/listings/${listingId}/close`, {
        token: analyst,
        headers: key(),
      });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ status: 'sold', dealId: expect.any(String) });
      expect(closed.body.listing).toMatchObject({ status: 'sold', dealId: closed.body.dealId });
      dealId = closed.body.dealId;

      const deal = await api.get(`/api/v1/trade-deals/${dealId}`, { apiKey: bankA.key });
      expect(deal.status).toBe(200);
      // ¥530,000 × 0.03 = ¥15,900.00 to the center's broker.
      expect(deal.body).toMatchObject({
        tenant: 'jinan',
        listingId,
        sellerEnterpriseId,
        buyer: `partner:${bankA.id}`,
        buyerCenter: 'jinan',
        price: '530000.00',
        commissionRate: '0.03',
        commission: '15900.00',
        status: 'awaiting_payment',
        closedOn: today(),
      });
      const bySeller = await api.get(`/api/v1/trade-deals/${dealId}`, { apiKey: university.key });
      expect(bySeller.status).toBe(200);
      expect(bySeller.body.commission).toBe('15900.00');
      for (const other of [rival, bankB, beijing])
        expect(
          expectProblem(await api.get(`/api/v1/trade-deals/${dealId}`, { apiKey: other.key }), 404)
            .type,
        ).toBe('/problems/trade-deal-not-found');
      expectProblem(await bid(listingId, '600000.00', { apiKey: bankB.key }), 409);
      expectProblem(
        await api.post(`/api/v1/listings/${listingId}/close`, { token: analyst, headers: key() }),
        409,
      );
    });

    it('settles forward only (transferred before paid is 409), then registers the technology contract once', async () => {
      const settle = (status: string) =>
        api.post(`/api/v1/trade-deals/${dealId}/settlement`, {
          token: analyst,
          headers: key(),
          body: { status, on: today() },
        });
      expect(expectProblem(await settle('transferred'), 409).type).toBe(
        '/problems/settlement-not-forward',
      );
      const paid = await settle('paid');
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ status: 'paid', paidOn: today(), commissionRate: '0.03' });
      expectProblem(await settle('paid'), 409);
      const transferred = await settle('transferred');
      expect(transferred.status).toBe(200);
      expect(transferred.body).toMatchObject({ status: 'transferred', transferredOn: today() });
      // A buyer's key records no settlement.
      expectProblem(
        await api.post(`/api/v1/trade-deals/${dealId}/settlement`, {
          apiKey: bankA.key,
          body: { status: 'paid', on: today() },
        }),
        403,
      );

      const register = () =>
        api.post(`/api/v1/trade-deals/${dealId}/registration`, {
          token: analyst,
          headers: key(),
          body: { registeredOn: today() },
        });
      const registered = await register();
      expect(registered.status).toBe(200);
      expect(registered.body.registrationNumber).toMatch(/^JINAN-\d{4}-\d{6}$/);
      // The center's first registration of the year.
      expect(registered.body.registrationNumber).toBe(`JINAN-${today().slice(0, 4)}-000001`);
      expect(expectProblem(await register(), 409).type).toBe('/problems/deal-already-registered');
      const read = await api.get(`/api/v1/trade-deals/${dealId}`, { apiKey: bankA.key });
      expect(read.body).toMatchObject({
        status: 'transferred',
        registrationNumber: registered.body.registrationNumber,
        registeredOn: today(),
      });
    });

    it('announced each step in the outbox: listing-published, bid-placed (one per bid), trade-deal-closed', async () => {
      const events = await outbox();
      const count = (type: string) => events.filter((e) => e.type === type).length;
      expect(count('listing-published')).toBeGreaterThanOrEqual(1);
      expect(count('bid-placed')).toBeGreaterThanOrEqual(4);
      const closed = events
        .filter((e) => e.type === 'trade-deal-closed')
        .map((e) => {
          const envelope = fromBinary(common.EventEnvelopeSchema, e.envelope);
          return fromBinary(TradingEvents.tradeDealClosed.payload, envelope.payload);
        })
        .find((e) => e.dealId === dealId);
      expect(closed).toMatchObject({
        listingId,
        price: '530000.00',
        commission: '15900.00',
        dealType: 'transfer',
      });
      expect(closed!.assets).toEqual([
        expect.objectContaining({ patentType: 'invention', ipcClass: 'H01M', price: '530000.00' }),
      ]);
    });
  });

  describe('who may do what, and bad input', () => {
    it('a listing with no assets is a 400 naming assets; nothing is listed', async () => {
      const count = async () =>
        (await api.get('/api/v1/listings?limit=200', { token: analyst })).body.items.length;
      const before = await count();
      const problem = expectProblem(await list(auction({ assets: [] })), 400);
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain('assets');
      expect(await count()).toBe(before);
    });

    it('a NUL byte in the title is a 400 naming the title', async () => {
      const problem = expectProblem(await list(auction({ title: 'Patent\u0000pack' })), 400);
      expect(problem.errors).toContainEqual({
        field: 'title',
        message: expect.stringContaining('control character'),
      });
    });

    it('JSON nested 3,000 deep is a 400, not a crash', async () => {
      const deep = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
      const problem = expectProblem(
        await api.post('/api/v1/listings', { apiKey: university.key, rawBody: deep }),
        400,
      );
      expect(problem.errors).toEqual([
        { field: 'body', message: expect.stringContaining('nested') },
      ]);
    });

    it('an anonymous caller is 401 on every trading route', async () => {
      expectProblem(await api.get('/api/v1/listings'), 401);
      expectProblem(await api.post('/api/v1/listings', { body: auction() }), 401);
      expectProblem(await api.get(`/api/v1/trade-deals/${newId()}`), 401);
    });

    it("an SME's key lists its own enterprise's rights only, never bids on them (422), and another SME's key cannot list them", async () => {
      const own = await partnerWithKey(api, admin, 'jinan', 'enterprise', sellerEnterpriseId);
      const otherEnterprise = await registerEnterprise(api, bankA.key);
      const other = await partnerWithKey(api, admin, 'jinan', 'enterprise', otherEnterprise);

      const foreign = expectProblem(await list(auction(), other.key), 404);
      expect(foreign.errors).toEqual([
        { field: 'sellerEnterpriseId', message: 'is not an enterprise of this center' },
      ]);

      // Under review it is the seller's business: another SME's key cannot see it.
      const mine = await list(auction(), own.key);
      expect(mine.status).toBe(201);
      const id = mine.body.id as string;
      expectProblem(await api.get(`/api/v1/listings/${id}`, { apiKey: other.key }), 404);
      expect((await api.get(`/api/v1/listings/${id}`, { apiKey: own.key })).status).toBe(200);
      expect((await publish(id)).status).toBe(200);
      const selfBid = expectProblem(await bid(id, '100000.00', { apiKey: own.key }), 422);
      expect(selfBid.type).toBe('/problems/seller-cannot-buy');
      // Another SME's key may bid on it, once it is published.
      expect((await bid(id, '100000.00', { apiKey: other.key })).status).toBe(201);
    });

    it("the seller's university key has no bidding scope (403); the center's staff run the market and do not bid (403); a bank does not list (403)", async () => {
      const id = await published(auction());
      expect(expectProblem(await bid(id, '100000.00', { apiKey: university.key }), 403).type).toBe(
        '/problems/scope-missing',
      );
      expect(expectProblem(await bid(id, '100000.00', { token: analyst }), 403).type).toBe(
        '/problems/role-missing',
      );
      expectProblem(await list(auction(), bankA.key), 403);
      // Only an analyst publishes or closes.
      expectProblem(
        await api.post(`/api/v1/listings/${id}/close`, { apiKey: university.key }),
        403,
      );
    });

    it('a bid on another center’s listing not shared with it is a 404, as an unknown id', async () => {
      const id = await published(auction());
      expectProblem(await bid(id, '100000.00', { apiKey: beijing.key }), 404);
      expectProblem(await api.get(`/api/v1/listings/${id}/bids`, { apiKey: beijing.key }), 404);
      expectProblem(await bid(newId(), '100000.00', { apiKey: bankA.key }), 404);
    });
  });

  it('30 identical bids at once from 30 banks: exactly one stands, the other 29 are 422', async () => {
    const id = await published(auction());
    const banks = await Promise.all(
      Array.from({ length: 30 }, () => partnerWithKey(api, admin, 'jinan', 'bank')),
    );
    const replies = await Promise.all(
      banks.map((bank) => bid(id, '510000.00', { apiKey: bank.key })),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 201))
      expect(expectProblem(reply, 422).type).toMatch(/^\/problems\/bid-(too-low|amount-taken)$/);
    const listing = (await api.get(`/api/v1/listings/${id}`, { token: analyst })).body;
    expect(listing).toMatchObject({ bestBid: '510000.00', bidCount: 1 });
    const bids = await api.get(`/api/v1/listings/${id}/bids`, { token: analyst });
    expect(bids.body.items).toHaveLength(1);
  });

  describe('a buyer of another center wins a shared auction', () => {
    let dealId: string;

    beforeAll(async () => {
      const id = await published(auction());
      const shared = await api.put(`/api/v1/listings/${id}/shares`, {
        token: analyst,
        body: { centers: ['beijing'] },
      });
      expect(shared.status).toBe(200);
      expect((await bid(id, '505000.00', { apiKey: beijing.key })).status).toBe(201);
      const closed = await api.post(`/api/v1/listings/${id}/close`, { token: analyst });
      expect(closed.body).toMatchObject({ status: 'sold', dealId: expect.any(String) });
      dealId = closed.body.dealId;
    });

    it('the Beijing bank reads its deal, owned and settled by Jinan; a Jinan rival gets 404', async () => {
      const deal = await api.get(`/api/v1/trade-deals/${dealId}`, { apiKey: beijing.key });
      expect(deal.status).toBe(200);
      // ¥505,000 × 0.03 = ¥15,150.00.
      expect(deal.body).toMatchObject({
        tenant: 'jinan',
        buyer: `partner:${beijing.id}`,
        buyerCenter: 'beijing',
        price: '505000.00',
        commission: '15150.00',
      });
      expectProblem(await api.get(`/api/v1/trade-deals/${dealId}`, { apiKey: rival.key }), 404);
    });

    it('the Beijing bank finds the deal in GET /trade-deals, the deals its key bought', async () => {
      const mine = await api.get('/api/v1/trade-deals', { apiKey: beijing.key });
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((d: { id: string }) => d.id)).toContain(dealId);
    });
  });

  it('a fixed-price listing sells to the first offer at its asking price; a second buyer gets 409', async () => {
    const id = await published(
      auction({
        title: '电池管理软件 Battery management software',
        dealType: 'non_exclusive_license',
        pricing: { mode: 'fixed', askingPrice: '300000.00' },
      }),
    );
    const offer = (apiKey: string, amount: string) =>
      api.post(`/api/v1/listings/${id}/offers`, { apiKey, headers: key(), body: { amount } });
    const under = expectProblem(await offer(bankB.key, '290000.00'), 422);
    expect(under.type).toBe('/problems/offer-not-at-asking-price');
    expect(under.errors).toEqual([{ field: 'amount', message: 'must be 300000.00' }]);
    expect(expectProblem(await bid(id, '300000.00', { apiKey: bankA.key }), 422).type).toBe(
      '/problems/wrong-pricing-mode',
    );

    const accepted = await offer(bankA.key, '300000.00');
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      listingId: id,
      amount: '300000.00',
      status: 'accepted',
      dealId: expect.any(String),
    });
    const deal = await api.get(`/api/v1/trade-deals/${accepted.body.dealId}`, {
      apiKey: bankA.key,
    });
    // ¥300,000 × 0.03 = ¥9,000.00.
    expect(deal.body).toMatchObject({
      price: '300000.00',
      commission: '9000.00',
      dealType: 'non_exclusive_license',
    });
    expect(expectProblem(await offer(bankB.key, '300000.00'), 409).type).toBe(
      '/problems/listing-not-listed',
    );
    expect((await api.get(`/api/v1/listings/${id}`, { apiKey: bankB.key })).body.status).toBe(
      'sold',
    );
  });

  it("a defaulted loan's pledged patent goes to a disposal auction from 70 % of its pledge value; its sale announces collateral-sold with the proceeds net of commission", async () => {
    const loanId = newId();
    const pledgedNumber = validPatentNumber('invention');
    await publishEvents(network.stack.nats.url, 'jinan', CreditEvents.loanDefaulted, [
      {
        payload: {
          loanId,
          defaultedPrincipal: '300000.00',
          defaultedInterest: '4200.00',
          defaultedOn: today(),
          enterpriseId: sellerEnterpriseId,
          lenderPartnerId: bankA.id,
          daysPastDue: 91,
          pledgedAssets: [
            {
              valuationId: newId(),
              assetNumber: pledgedNumber,
              patentType: 'invention',
              value: '812345.67',
            },
          ],
        },
      },
    ]);
    const disposal = await eventually(
      async () =>
        (
          (await api.get('/api/v1/listings?status=listed&limit=200', { token: analyst })).body
            .items as any[]
        ).find((l) => l.disposalLoanId === loanId),
      (found) => found !== undefined,
    );
    expect(disposal).toBeDefined();
    // ¥812,345.67 × (1 − 0.30) = ¥568,641.969, to the cent ¥568,641.97.
    expect(disposal).toMatchObject({
      status: 'listed',
      sellerEnterpriseId,
      dealType: 'transfer',
      pricing: { mode: 'auction', reservePrice: '568641.97', increment: '1000.00' },
      referencePrice: '812345.67',
      assets: [expect.objectContaining({ kind: 'patent', number: pledgedNumber })],
    });

    expect((await bid(disposal.id, '570000.00', { apiKey: bankB.key })).status).toBe(201);
    const closed = await api.post(`/api/v1/listings/${disposal.id}/close`, {
      token: analyst,
      headers: key(),
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('sold');
    const deal = (await api.get(`/api/v1/trade-deals/${closed.body.dealId}`, { apiKey: bankB.key }))
      .body;
    // ¥570,000 × 0.03 = ¥17,100.00 commission; ¥570,000 − ¥17,100 = ¥552,900.00 recovers the loan.
    expect(deal).toMatchObject({
      price: '570000.00',
      commission: '17100.00',
      disposalLoanId: loanId,
    });

    const sold = (await outbox())
      .filter((e) => e.type === 'collateral-sold')
      .map((e) => {
        const envelope = fromBinary(common.EventEnvelopeSchema, e.envelope);
        return fromBinary(TradingEvents.collateralSold.payload, envelope.payload);
      });
    expect(sold).toEqual([
      expect.objectContaining({
        loanId,
        dealId: closed.body.dealId,
        listingId: disposal.id,
        proceeds: '552900.00',
        soldOn: today(),
      }),
    ]);
  });
});
