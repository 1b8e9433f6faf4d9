import { TradingErrors } from '@tf/contracts';
import { actorId, DomainError, type Actor } from '@tf/platform';

/** Who buys: a partner's key, of the listing's center or of one it is shared with. */
export interface Buyer {
  /** "partner:<id>". */
  key: string;
  center: string;
  partnerId: string;
}

/** The caller as a buyer; staff do not bid or offer (the center is the market, not a party). */
export function buyerOf(actor: Actor | undefined, center: string): Buyer {
  if (actor?.kind !== 'partner')
    throw new DomainError(
      TradingErrors.BUYERS_ARE_PARTNERS,
      "bids and offers are made with a partner's key; the center's staff run the market",
    );
  return { key: actorId(actor), center, partnerId: actor.id };
}
