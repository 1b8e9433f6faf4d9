import { at, known } from '../at';
import { money, type Center } from '../context';
import type { ListingPlan } from '../plan';

interface Listing {
  id: string;
  status: string;
  bidCount: number;
  assets: { number: string }[];
  dealId?: string;
}

export function tradingSteps(center: Center): number {
  return center.plan.listings.reduce(
    (n, l) => n + 3 + (l.pricing.mode === 'auction' ? l.pricing.bids.length : 0),
    0,
  );
}

/**
 * The exchange: the university, the broker and one SME list patents (auctions and fixed
 * prices), an analyst publishes them, the tech branch and the fund manager bid or buy at the
 * asking price, and an analyst's hammer closes each auction. A listing is known again by its
 * first patent's number.
 */
export async function trade(center: Center): Promise<void> {
  const { api, progress } = center.run;
  progress.phase(center.code, 'exchange');
  const existing = new Map<string, Listing>();
  if (!center.fresh)
    for (const l of await api.all<Listing>('/listings', { as: center.centerAdmin.as }))
      if (l.assets[0] && !['withdrawn', 'rejected'].includes(l.status))
        existing.set(l.assets[0].number, l);
  await Promise.all(
    center.plan.listings.map((plan, i) =>
      center.attempt(`listing ${plan.ref}`, () =>
        sell(center, plan, i, existing.get(at(plan.patents, 0, 'patent').number)),
      ),
    ),
  );
}

async function sell(
  center: Center,
  plan: ListingPlan,
  item: number,
  existing: Listing | undefined,
): Promise<void> {
  const { api, progress } = center.run;
  const analyst = center.analyst(item).as;
  const key = (...parts: (string | number)[]) => center.key('listing', plan.ref, ...parts);
  const keyOf = (ref: 'bank' | 'fund' | ListingPlan['lister']) =>
    ref === 'bank' ? center.bank(item) : at(center.partner(ref).keys, 0, `${ref} key`);
  const pricing = plan.pricing;
  let listing = existing;
  if (!listing)
    listing = await api.post<Listing>('/listings', {
      as: keyOf(plan.lister),
      idempotencyKey: key(),
      body: {
        title: plan.title,
        sellerEnterpriseId: center.enterpriseId(plan.sellerEnterprise),
        dealType: plan.dealType,
        assets: plan.patents.map((p) => ({ kind: 'patent', ...p })),
        pricing:
          pricing.mode === 'auction'
            ? {
                mode: 'auction',
                reservePrice: money(pricing.reservePrice),
                increment: money(pricing.increment),
                endsAt: pricing.endsAt,
              }
            : { mode: 'fixed', askingPrice: money(pricing.askingPrice) },
      },
    });
  progress.tick();
  if (listing.status === 'pending_review')
    listing = await api.post<Listing>(`/listings/${listing.id}/publish`, {
      as: analyst,
      idempotencyKey: key('publish'),
      body: { note: 'rights and seller checked' },
    });
  progress.tick();
  if (pricing.mode === 'fixed') {
    if (listing.status === 'listed')
      await api.post(`/listings/${listing.id}/offers`, {
        as: keyOf(pricing.buyer),
        idempotencyKey: key('offer'),
        body: { amount: money(pricing.askingPrice) },
      });
    progress.tick();
    return;
  }
  const bidsBefore = known(listing, 'the listing').bidCount;
  for (const [b, bid] of pricing.bids.entries()) {
    if (listing.status === 'listed' && b >= bidsBefore)
      await api.post(`/listings/${listing.id}/bids`, {
        as: keyOf(bid.bidder),
        idempotencyKey: key('bid', b),
        body: { amount: money(bid.amount) },
      });
    progress.tick();
  }
  if (listing.status === 'listed')
    await api.post(`/listings/${listing.id}/close`, { as: analyst, idempotencyKey: key('close') });
  progress.tick();
}
