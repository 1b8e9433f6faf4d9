import { Money, sumMoney, type Money as Decimal } from '@tf/core';

/** An amount as the domain takes it: exact, or its decimal string. */
type Amount = Decimal | string;

export interface PartnerShare {
  id: string;
  /** What the share is proportional to: unfunded commitment for a call, paid-in for a distribution. */
  weight: Amount;
  /** The most this partner may be given; none for a distribution. */
  cap?: Amount;
}

export interface Allocation {
  id: string;
  amount: Decimal;
}

const CENT = new Money('0.01');

/**
 * Splits `amount` across partners in proportion to their weights, to the cent and exactly:
 * each gets the floor of its share, and the cents left over go one each to the largest
 * remainders (ties to the earlier partner), never past a partner's cap. The parts always add up
 * to the amount: nothing appears, nothing vanishes. The caller makes sure the weights are not all
 * zero and the caps, when given, hold the amount.
 */
export function allocateProRata(amount: Amount, partners: readonly PartnerShare[]): Allocation[] {
  const total = new Money(amount);
  const weights = sumMoney(partners.map((p) => p.weight));
  if (weights.isZero())
    throw new RangeError('cannot split an amount over weights that are all zero');
  if (
    partners.every((p) => p.cap !== undefined) &&
    total.greaterThan(sumMoney(partners.map((p) => p.cap!)))
  )
    throw new RangeError('the caps cannot hold the amount');
  const shares = partners.map((partner, k) => {
    const exact = total.times(partner.weight).dividedBy(weights);
    const floor = exact.toDecimalPlaces(2, Money.ROUND_DOWN);
    return { k, id: partner.id, amount: floor, remainder: exact.minus(floor), cap: partner.cap };
  });
  let left = total.minus(sumMoney(shares.map((s) => s.amount)));
  const byRemainder = [...shares].sort((a, b) => b.remainder.comparedTo(a.remainder) || a.k - b.k);
  // Each share's floor is at most a cent below its exact part, so one pass hands out every cent
  // unless caps stand in the way; the later passes give the rest to whoever still has room.
  while (left.greaterThan(0)) {
    let given = false;
    for (const share of byRemainder) {
      if (left.isZero()) break;
      if (share.cap !== undefined && share.amount.plus(CENT).greaterThan(share.cap)) continue;
      share.amount = share.amount.plus(CENT);
      left = left.minus(CENT);
      given = true;
    }
    if (!given) throw new RangeError('the caps cannot hold the amount');
  }
  return shares.map(({ id, amount: part }) => ({ id, amount: part }));
}

/** What a fund may still commit to companies: its size less what it has invested. */
export function uncommittedCapacity(size: Amount, committed: Amount): Decimal {
  return new Money(size).minus(committed);
}

/**
 * The fund's cash: what its partners paid in and its exits brought, less what it invested and
 * distributed. A distribution may not exceed it.
 */
export function fundCash(parts: {
  paidIn: Amount;
  proceeds: Amount;
  invested: Amount;
  distributed: Amount;
}): Decimal {
  return new Money(parts.paidIn)
    .plus(parts.proceeds)
    .minus(parts.invested)
    .minus(parts.distributed);
}
