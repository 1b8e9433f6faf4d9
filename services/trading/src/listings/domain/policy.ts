import { Money, MONEY_PATTERN, RATE_PATTERN, type FieldProblem } from '@tf/core';

/** The trading section of a center's policy (DOMAIN.md "Trading", the values marked *policy*). */
export interface TradingPolicy {
  /** The center broker's share of a deal's price. */
  commissionRate: string;
  /** The least step an auction may rise by, and the step it gets when its listing names none. */
  minimumIncrement: string;
  /** A bid this many minutes or fewer before the end pushes the end back... */
  antiSnipingWindowMinutes: number;
  /** ...to this many minutes after the bid. */
  antiSnipingExtensionMinutes: number;
  /** A disposal auction's reserve is the pledge value less this share of it. */
  disposalHaircut: string;
  /** How long a disposal auction runs. */
  disposalAuctionDays: number;
}

/**
 * Until a center's admin changes it: a 3 % commission, ¥1,000 steps, DOMAIN.md's 5-minute
 * anti-sniping window and extension, and a defaulted loan's patents offered from 70 % of their
 * pledge value for 30 days.
 */
export const DEFAULT_TRADING_POLICY: Readonly<TradingPolicy> = Object.freeze({
  commissionRate: '0.03',
  minimumIncrement: '1000.00',
  antiSnipingWindowMinutes: 5,
  antiSnipingExtensionMinutes: 5,
  disposalHaircut: '0.30',
  disposalAuctionDays: 30,
});

/** Every rule the trading section must keep; fields are named `trading.<field>`. */
export function tradingPolicyProblems(policy: TradingPolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string) => `trading.${field}`;
  const rate = (field: 'commissionRate' | 'disposalHaircut', max: number) => {
    const value = String(policy[field]);
    if (!RATE_PATTERN.test(value) || new Money(value).greaterThan(max))
      problems.push({ field: at(field), message: `must be a decimal string from 0 to ${max}` });
  };
  rate('commissionRate', 0.2);
  // A haircut of 1 would offer the patents for nothing.
  rate('disposalHaircut', 0.9);
  const increment = String(policy.minimumIncrement);
  if (!MONEY_PATTERN.test(increment) || new Money(increment).lessThanOrEqualTo(0))
    problems.push({ field: at('minimumIncrement'), message: 'must be a positive money string' });
  const minutes = (field: keyof TradingPolicy, min: number, max: number) => {
    const value = policy[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      problems.push({ field: at(field), message: `must be a whole number from ${min} to ${max}` });
  };
  minutes('antiSnipingWindowMinutes', 0, 60);
  minutes('antiSnipingExtensionMinutes', 0, 60);
  minutes('disposalAuctionDays', 1, 365);
  return problems;
}
