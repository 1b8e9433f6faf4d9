import { Money } from '@tf/core';
import type { GuaranteePolicy } from './types';

/** What an approval is checked against: liability already outstanding or reserved. */
export interface Exposure {
  netAssets: string;
  /** The institution's whole outstanding liability, approved-but-not-active guarantees included. */
  outstanding: string;
  /** The client's (the enterprise's) outstanding liability. */
  client: string;
  /** The client's group's (same groupCode), the client included; null when it has no group. */
  group: string | null;
}

export type LimitRule = 'leverage-limit' | 'single-client-limit' | 'group-limit';

export interface LimitBreach {
  rule: LimitRule;
  /** The most the rule allows. */
  limit: string;
  /** What the liability would be with this guarantee. */
  wouldBe: string;
}

/** The limits of an institution under a policy: leverage, one client, one group. */
export function limitsOf(netAssets: string, policy: GuaranteePolicy) {
  const net = new Money(netAssets);
  return {
    leverage: net.times(policy.leverageMultiple),
    singleClient: net.times(policy.singleClientLimitRatio),
    group: net.times(policy.groupLimitRatio),
  };
}

/**
 * The first limit a new liability of `amount` would break (2017 Regulations, arts. 15-16), or
 * undefined when it fits all three. Checked in the order a regulator reads them: the
 * institution's leverage, then the one client, then its group. A limit reached exactly is kept.
 */
export function limitBreach(
  exposure: Exposure,
  amount: string,
  policy: GuaranteePolicy,
): LimitBreach | undefined {
  const limits = limitsOf(exposure.netAssets, policy);
  const checks: [LimitRule, Money, string | null][] = [
    ['leverage-limit', limits.leverage, exposure.outstanding],
    ['single-client-limit', limits.singleClient, exposure.client],
    ['group-limit', limits.group, exposure.group],
  ];
  for (const [rule, limit, current] of checks) {
    if (current === null) continue;
    const wouldBe = new Money(current).plus(amount);
    if (wouldBe.greaterThan(limit))
      return { rule, limit: limit.toFixed(2), wouldBe: wouldBe.toFixed(2) };
  }
  return undefined;
}

/** What the institution may still take on: the leverage limit less what is outstanding, never below zero. */
export function headroom(netAssets: string, outstanding: string, policy: GuaranteePolicy): string {
  const room = limitsOf(netAssets, policy).leverage.minus(outstanding);
  return (room.isNegative() ? new Money(0) : room).toFixed(2);
}
