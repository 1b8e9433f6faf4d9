import { CreditRpc, TenancyRpc, TradingRpc, ValuationRpc } from '@tf/contracts';
import { Clock, loadConfig, newId, PlatformConfig, ServiceClient, type Actor } from '@tf/platform';
import {
  actingAs as as,
  asTenant,
  fakeService,
  partnerActor,
  rejection,
  staffActor,
  TestStack,
  validPatentNumber,
} from '@tf/testing';
import { connect, type NatsConnection } from 'nats';
import { AuctionSweep } from '../src/closing/auction-sweep';
import { service } from '../src/service';

const university = (): Actor => partnerActor('university', ['listings:read', 'listings:write']);
const bank = (): Actor => partnerActor('bank', ['listings:read', 'listings:bid']);
const analyst = staffActor('analyst');
const NOW = '2026-06-01T09:00:00.000Z';
const IN_A_WEEK = '2026-06-08T09:00:00.000Z';

/**
 * Over NATS with no gateway in front, the other services played by stand-ins: a listing is
 * reviewed before anyone but its seller sees it, bids on one auction are serialised by its row so
 * that racing bidders leave one consistent best bid, the close sells to the best bid with the
 * commission, and a listing another center is not shared is 404 there, in PostgreSQL too.
 */
describe('trading: listings reviewed, bids serialised per listing, deals closed, sharing held by PostgreSQL', () => {
  let stack: TestStack;
  let client: ServiceClient;
  let nc: NatsConnection;
  const seller = university();
  const sellerEnterprise = newId();
  const pledged = validPatentNumber('invention', { serial: 7 });
  let clock: Clock;

  beforeAll(async () => {
    stack = await TestStack.start('trading');
    nc = await connect({ servers: stack.nats.url });
    fakeService(nc, TenancyRpc.getEnterprise, async ({ id }) => ({ id, tenant: 'jinan' }));
    fakeService(nc, TenancyRpc.listTenants, async () => ({
      items: ['jinan', 'liaocheng', 'beijing'].map((code) => ({ code, name: code })),
    }));
    fakeService(nc, CreditRpc.pledgedAssets, async ({ identities }) => ({
      pledgedIdentities: identities.filter((i) => pledged.includes(i.split('.')[0]!.slice(0, 12))),
    }));
    fakeService(nc, ValuationRpc.get, async ({ id }) => ({
      id,
      enterpriseId: sellerEnterprise,
      conclusion: { value: '800000.00', low: '700000.00', high: '900000.00', currency: 'CNY' },
    }));
    await stack.startService(service);
    clock = stack.app('trading').get(Clock);
    clock.pin(NOW);
    client = new ServiceClient(loadConfig(PlatformConfig, stack.env()));
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await nc?.close();
    await stack?.stop();
  });

  const auction = (number: string, extra: object = {}) => ({
    title: 'Solid-state electrolyte patent',
    sellerEnterpriseId: sellerEnterprise,
    dealType: 'transfer',
    assets: [
      {
        kind: 'patent',
        number,
        title: 'A sulfide electrolyte',
        patentType: 'invention',
        ipcClass: 'H01M',
        expiresOn: '2041-03-01',
      },
    ],
    pricing: {
      mode: 'auction',
      reservePrice: '500000.00',
      increment: '10000.00',
      endsAt: IN_A_WEEK,
    },
    ...extra,
  });

  async function published(number: string, extra: object = {}) {
    const listing = await client.request(
      TradingRpc.createListing,
      auction(number, extra),
      as('jinan', seller),
    );
    await client.request(
      TradingRpc.reviewListing,
      { id: listing.id, decision: 'publish' },
      as('jinan', analyst),
    );
    return listing;
  }

  it('a listing under review is its seller’s and the staff’s; published, every partner of the center sees it with its reference price', async () => {
    const listing = await client.request(
      TradingRpc.createListing,
      auction(validPatentNumber('invention', { serial: 1 }), { valuationId: newId() }),
      as('jinan', seller),
    );
    expect(listing).toMatchObject({ status: 'pending_review', referencePrice: '800000.00' });
    const other = as('jinan', bank());
    expect(
      (await rejection(client.request(TradingRpc.getListing, { id: listing.id }, other))).declared
        .code,
    ).toBe('LISTING_NOT_FOUND');
    await client.request(
      TradingRpc.reviewListing,
      { id: listing.id, decision: 'publish' },
      as('jinan', analyst),
    );
    expect(await client.request(TradingRpc.getListing, { id: listing.id }, other)).toMatchObject({
      status: 'listed',
      nextMinimumBid: '0.01',
    });
    const outbox = await asTenant(stack.db.ownerUrl, 'jinan', (sql) =>
      sql.query(`SELECT subject FROM trading.outbox WHERE subject LIKE '%listing-published'`),
    );
    expect(outbox.rowCount).toBe(1);
  });

  it('refuses a pledged patent, the same patent twice at once, and a listing with no assets, changing nothing', async () => {
    const refused = await rejection(
      client.request(TradingRpc.createListing, auction(pledged), as('jinan', seller)),
    );
    expect(refused.declared.code).toBe('ASSET_PLEDGED');
    expect(refused.options.fields).toEqual([
      { field: 'assets[0].number', message: 'is pledged to a live loan' },
    ]);
    const empty = await rejection(
      client.request(
        TradingRpc.createListing,
        auction(validPatentNumber('invention', { serial: 2 }), { assets: [] }),
        as('jinan', seller),
      ),
    );
    expect(empty.options.fields!.map((f: { field: string }) => f.field)).toContain('assets');
    const number = validPatentNumber('invention', { serial: 3 });
    const twice = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        client.request(TradingRpc.createListing, auction(number), as('jinan', university())),
      ),
    );
    expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('50 racing bids leave one consistent best bid: each standing bid beats the one before by the increment, no amount twice', async () => {
    const listing = await published(validPatentNumber('invention', { serial: 4 }));
    const amounts = Array.from({ length: 50 }, (_, i) => `${500000 + ((i * 7919) % 50) * 5000}.00`);
    const results = await Promise.allSettled(
      amounts.map((amount) =>
        client.request(TradingRpc.placeBid, { id: listing.id, amount }, as('jinan', bank())),
      ),
    );
    const standing = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    for (const r of results)
      if (r.status === 'rejected')
        expect(['BID_TOO_LOW', 'BID_AMOUNT_TAKEN']).toContain(
          (r.reason as { declared: { code: string } }).declared.code,
        );
    const rows = await asTenant(stack.db.ownerUrl, 'jinan', (sql) =>
      sql.query<{ amount: string }>(
        `SELECT amount FROM trading.bids WHERE listing_id = $1 ORDER BY placed_at, id`,
        [listing.id],
      ),
    );
    expect(rows.rowCount).toBe(standing.length);
    const stood = rows.rows.map((r) => Number(r.amount));
    for (let i = 1; i < stood.length; i++)
      expect(stood[i]! - stood[i - 1]!).toBeGreaterThanOrEqual(10000);
    const after = await client.request(
      TradingRpc.getListing,
      { id: listing.id },
      as('jinan', analyst),
    );
    expect(after).toMatchObject({
      bidCount: standing.length,
      bestBid: Math.max(...stood).toFixed(2),
    });
  });

  it('refuses a bid under the best + increment, by the seller, by staff, and after the end: 422/403 and nothing changed', async () => {
    const listing = await published(validPatentNumber('invention', { serial: 5 }));
    await client.request(
      TradingRpc.placeBid,
      { id: listing.id, amount: '600000.00' },
      as('jinan', bank()),
    );
    const low = await rejection(
      client.request(
        TradingRpc.placeBid,
        { id: listing.id, amount: '609999.99' },
        as('jinan', bank()),
      ),
    );
    expect(low.declared.code).toBe('BID_TOO_LOW');
    expect(low.options.fields).toEqual([
      { field: 'amount', message: 'must be at least 610000.00' },
    ]);
    expect(
      (
        await rejection(
          client.request(
            TradingRpc.placeBid,
            { id: listing.id, amount: '700000.00' },
            as('jinan', seller),
          ),
        )
      ).declared.code,
    ).toBe('SELLER_CANNOT_BUY');
    expect(
      (
        await rejection(
          client.request(
            TradingRpc.placeBid,
            { id: listing.id, amount: '700000.00' },
            as('jinan', analyst),
          ),
        )
      ).declared.code,
    ).toBe('BUYERS_ARE_PARTNERS');
    clock.pin(IN_A_WEEK);
    try {
      expect(
        (
          await rejection(
            client.request(
              TradingRpc.placeBid,
              { id: listing.id, amount: '700000.00' },
              as('jinan', bank()),
            ),
          )
        ).declared.code,
      ).toBe('BID_AFTER_END');
    } finally {
      clock.pin(NOW);
    }
    expect(
      await client.request(TradingRpc.getListing, { id: listing.id }, as('jinan', analyst)),
    ).toMatchObject({ bidCount: 1, bestBid: '600000.00' });
  });

  it('a bid in the last five minutes moves the end to five minutes after it', async () => {
    const listing = await published(validPatentNumber('invention', { serial: 6 }));
    clock.pin('2026-06-08T08:57:00.000Z');
    try {
      const bid = await client.request(
        TradingRpc.placeBid,
        { id: listing.id, amount: '510000.00' },
        as('jinan', bank()),
      );
      expect(bid.endsAt).toBe('2026-06-08T09:02:00.000Z');
    } finally {
      clock.pin(NOW);
    }
  });

  it('closing sells to the best bid at or above the reserve, with the 3 % commission; under the reserve it is unsold', async () => {
    const listing = await published(validPatentNumber('invention', { serial: 8 }));
    const buyer = bank();
    await client.request(
      TradingRpc.placeBid,
      { id: listing.id, amount: '520000.00' },
      as('jinan', bank()),
    );
    await client.request(
      TradingRpc.placeBid,
      { id: listing.id, amount: '650000.00' },
      as('jinan', buyer),
    );
    const closed = await client.request(
      TradingRpc.closeListing,
      { id: listing.id },
      as('jinan', analyst),
    );
    expect(closed.status).toBe('sold');
    const deal = await client.request(
      TradingRpc.getDeal,
      { id: closed.dealId! },
      as('jinan', buyer),
    );
    expect(deal).toMatchObject({
      price: '650000.00',
      commission: '19500.00',
      status: 'awaiting_payment',
      broker: 'center',
    });
    expect(
      (await rejection(client.request(TradingRpc.getDeal, { id: deal.id }, as('jinan', bank()))))
        .declared.code,
    ).toBe('TRADE_DEAL_NOT_FOUND');

    const under = await published(validPatentNumber('invention', { serial: 9 }));
    await client.request(
      TradingRpc.placeBid,
      { id: under.id, amount: '400000.00' },
      as('jinan', bank()),
    );
    expect(
      await client.request(TradingRpc.closeListing, { id: under.id }, as('jinan', analyst)),
    ).toMatchObject({ status: 'unsold' });
  });

  it('another center sees a listing only once it is shared, bids on it in the listing’s center, and PostgreSQL agrees', async () => {
    const listing = await published(validPatentNumber('invention', { serial: 10 }));
    const beijingBank = bank();
    const get = () =>
      client.request(TradingRpc.getListing, { id: listing.id }, as('beijing', beijingBank));
    expect((await rejection(get())).declared.code).toBe('LISTING_NOT_FOUND');
    const hidden = await asTenant(stack.db.runtimeUrl('trading'), 'beijing', (sql) =>
      sql.query(`SELECT id FROM trading.listings WHERE id = $1`, [listing.id]),
    );
    expect(hidden.rowCount).toBe(0);

    await client.request(
      TradingRpc.shareListing,
      { id: listing.id, centers: ['beijing'] },
      as('jinan', analyst),
    );
    expect(await get()).toMatchObject({ id: listing.id, tenant: 'jinan', listedBy: '' });
    const bid = await client.request(
      TradingRpc.placeBid,
      { id: listing.id, amount: '700000.00' },
      as('beijing', beijingBank),
    );
    expect(bid.bidderCenter).toBe('beijing');
    const rows = await asTenant(stack.db.ownerUrl, 'jinan', (sql) =>
      sql.query(`SELECT tenant_id FROM trading.bids WHERE id = $1`, [bid.id]),
    );
    expect(rows.rows).toEqual([{ tenant_id: 'jinan' }]);
    // Beijing reads the listing, never writes it nor reads its bids.
    await asTenant(stack.db.runtimeUrl('trading'), 'beijing', async (sql) => {
      expect(
        (await sql.query(`SELECT id FROM trading.bids WHERE listing_id = $1`, [listing.id]))
          .rowCount,
      ).toBe(0);
      expect(
        (await sql.query(`UPDATE trading.listings SET title = 'x' WHERE id = $1`, [listing.id]))
          .rowCount,
      ).toBe(0);
    });
    expect(
      (
        await rejection(
          client.request(TradingRpc.getListing, { id: listing.id }, as('liaocheng', bank())),
        )
      ).declared.code,
    ).toBe('LISTING_NOT_FOUND');

    const closed = await client.request(
      TradingRpc.closeListing,
      { id: listing.id },
      as('jinan', analyst),
    );
    const deal = await client.request(
      TradingRpc.getDeal,
      { id: closed.dealId! },
      as('beijing', beijingBank),
    );
    expect(deal).toMatchObject({ tenant: 'jinan', buyerCenter: 'beijing', price: '700000.00' });
  });

  it('a fixed-price listing goes to the first of 30 buyers taking the asking price', async () => {
    const listing = await published(validPatentNumber('invention', { serial: 11 }), {
      pricing: { mode: 'fixed', askingPrice: '300000.00' },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        client.request(
          TradingRpc.makeOffer,
          { id: listing.id, amount: '300000.00' },
          as('jinan', bank()),
        ),
      ),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ status: 'accepted' });
    const deals = await asTenant(stack.db.ownerUrl, 'jinan', (sql) =>
      sql.query(`SELECT id FROM trading.trade_deals WHERE listing_id = $1`, [listing.id]),
    );
    expect(deals.rowCount).toBe(1);
  });

  it('a negotiable listing: the seller counters a Beijing buyer’s offer, the buyer accepts the counter, the other offer lapses', async () => {
    const listing = await published(validPatentNumber('invention', { serial: 12 }), {
      dealType: 'sole_license',
      pricing: { mode: 'negotiable', askingPrice: '900000.00' },
    });
    await client.request(
      TradingRpc.shareListing,
      { id: listing.id, centers: ['beijing'] },
      as('jinan', analyst),
    );
    const beijingBuyer = bank();
    const offer = await client.request(
      TradingRpc.makeOffer,
      { id: listing.id, amount: '700000.00' },
      as('beijing', beijingBuyer),
    );
    const other = await client.request(
      TradingRpc.makeOffer,
      { id: listing.id, amount: '650000.00' },
      as('jinan', bank()),
    );
    expect(offer.status).toBe('open');
    // Only the seller's side counters; the buyer cannot accept its own open offer.
    expect(
      (
        await rejection(
          client.request(
            TradingRpc.decideOffer,
            { offerId: offer.id, decision: 'accept' },
            as('beijing', beijingBuyer),
          ),
        )
      ).declared.code,
    ).toBe('OFFER_NOT_OPEN');
    expect(
      (
        await rejection(
          client.request(
            TradingRpc.decideOffer,
            { offerId: offer.id, decision: 'counter', amount: '800000.00' },
            as('jinan', bank()),
          ),
        )
      ).declared.code,
    ).toBe('OFFER_NOT_FOUND');
    const countered = await client.request(
      TradingRpc.decideOffer,
      { offerId: offer.id, decision: 'counter', amount: '800000.00' },
      as('jinan', seller),
    );
    expect(countered).toMatchObject({ status: 'countered', counterAmount: '800000.00' });
    const accepted = await client.request(
      TradingRpc.decideOffer,
      { offerId: offer.id, decision: 'accept' },
      as('beijing', beijingBuyer),
    );
    expect(accepted.status).toBe('accepted');
    const deal = await client.request(
      TradingRpc.getDeal,
      { id: accepted.dealId! },
      as('beijing', beijingBuyer),
    );
    expect(deal).toMatchObject({
      price: '800000.00',
      commission: '24000.00',
      dealType: 'sole_license',
      buyerCenter: 'beijing',
    });
    const offers = await client.request(
      TradingRpc.listOffers,
      { id: listing.id },
      as('jinan', seller),
    );
    expect(offers.items.find((o) => o.id === other.id)?.status).toBe('lapsed');
  });

  it('the sweep closes auctions past their end, as the hammer would: sold to the best bid, once', async () => {
    const listing = await published(validPatentNumber('invention', { serial: 13 }));
    await client.request(
      TradingRpc.placeBid,
      { id: listing.id, amount: '550000.00' },
      as('jinan', bank()),
    );
    const sweep = stack.app('trading').get(AuctionSweep);
    expect(await sweep.sweep()).toBe(0);
    clock.pin(IN_A_WEEK);
    try {
      expect(await sweep.sweep()).toBeGreaterThanOrEqual(1);
      expect(await sweep.sweep()).toBe(0);
    } finally {
      clock.pin(NOW);
    }
    const closed = await client.request(
      TradingRpc.getListing,
      { id: listing.id },
      as('jinan', analyst),
    );
    expect(closed).toMatchObject({ status: 'sold' });
    const deals = await asTenant(stack.db.ownerUrl, 'jinan', (sql) =>
      sql.query(`SELECT price FROM trading.trade_deals WHERE listing_id = $1`, [listing.id]),
    );
    expect(deals.rows).toEqual([{ price: '550000.00' }]);
  });
});
