import { Money } from '@tf/core';
import { RISK_PARTIES } from '@tf/contracts/vocabulary';
import { RISK_SHARE_FIELDS } from './policy';
import type { GuaranteePolicy, Share } from './types';

/**
 * An amount shared by the policy's split, in cents that add up exactly to the amount. Each party
 * first gets its exact share rounded down to the cent; the cents left over go one each to the
 * parties with the largest remainders, ties to the earlier party in RISK_PARTIES (the
 * institution first): deterministic, and no party is ever a cent further from its exact share.
 */
export function shareByPolicy(amount: string, policy: GuaranteePolicy): Share[] {
  const cents = new Money(amount).times(100);
  if (!cents.isInteger() || cents.isNegative())
    throw new RangeError(`not an amount in cents: "${amount}"`);
  const exact = RISK_PARTIES.map((party, order) => {
    const ratio = policy[RISK_SHARE_FIELDS[party]];
    const value = cents.times(ratio);
    const floor = value.floor();
    return { party, order, ratio, floor, remainder: value.minus(floor) };
  });
  let left = cents.minus(exact.reduce((sum, e) => sum.plus(e.floor), new Money(0))).toNumber();
  const extra = new Set<number>();
  for (const e of [...exact].sort(
    (a, b) => b.remainder.comparedTo(a.remainder) || a.order - b.order,
  )) {
    if (left <= 0) break;
    if (e.remainder.isZero()) continue;
    extra.add(e.order);
    left--;
  }
  return exact.map((e) => ({
    party: e.party,
    ratio: e.ratio,
    amount: e.floor
      .plus(extra.has(e.order) ? 1 : 0)
      .dividedBy(100)
      .toFixed(2),
  }));
}
