import { Money } from '@tf/core';

/** An English auction's state as its listing row holds it. */
export interface AuctionState {
  reservePrice: string | null;
  increment: string;
  endsAt: Date;
  bestBid: string | null;
}

export type BidRefusal = { kind: 'after-end'; endsAt: Date } | { kind: 'too-low'; minimum: string };

/**
 * The least the next bid may be: the best bid plus the increment. Before the first bid, any
 * positive amount opens (the reserve decides only whether the auction sells, so bidders may open
 * under it and bid it up).
 */
export function nextMinimumBid(auction: Pick<AuctionState, 'increment' | 'bestBid'>): Money {
  return auction.bestBid === null
    ? new Money('0.01')
    : new Money(auction.bestBid).plus(auction.increment);
}

/** Why a bid of `amount` at `at` is refused, or null when it stands. */
export function bidRefusal(auction: AuctionState, amount: string, at: Date): BidRefusal | null {
  if (at.getTime() >= auction.endsAt.getTime())
    return { kind: 'after-end', endsAt: auction.endsAt };
  const minimum = nextMinimumBid(auction);
  if (new Money(amount).lessThan(minimum)) return { kind: 'too-low', minimum: minimum.toFixed(2) };
  return null;
}

/**
 * Anti-sniping: a bid within the window before the end moves the end to `extension` minutes after
 * the bid (never earlier than it was), so every bidder has time to answer the last bid.
 */
export function endAfterBid(
  endsAt: Date,
  at: Date,
  rules: { windowMinutes: number; extensionMinutes: number },
): Date {
  const window = rules.windowMinutes * 60_000;
  if (endsAt.getTime() - at.getTime() > window) return endsAt;
  const extended = at.getTime() + rules.extensionMinutes * 60_000;
  return new Date(Math.max(endsAt.getTime(), extended));
}

/** A closed auction sells to its best bid when there is one at or above the reserve. */
export function auctionOutcome(
  auction: Pick<AuctionState, 'reservePrice' | 'bestBid'>,
): 'sold' | 'unsold' {
  if (auction.bestBid === null) return 'unsold';
  if (auction.reservePrice !== null && new Money(auction.bestBid).lessThan(auction.reservePrice))
    return 'unsold';
  return 'sold';
}
