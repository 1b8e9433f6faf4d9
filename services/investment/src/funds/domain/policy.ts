import { Money, RATE_PATTERN, type FieldProblem } from '@tf/core';
import { MAX_COMMITTEE_MEMBERS } from '@tf/contracts/vocabulary';

/** The investment section of a center's policy. */
export interface InvestmentPolicy {
  /** Votes a committee must cast (for, against or abstaining) before its decision stands. */
  committeeQuorum: number;
  /** A deal passes when the votes for it are more than this share of the votes cast. */
  committeeMajority: string;
  /** What a new fund charges unless it says otherwise. */
  managementFeeRate: string;
  carriedInterestRate: string;
  hurdleRate: string;
}

/**
 * Until a center's admin changes it: three votes make a quorum and a simple majority of them
 * decides (2 of 3 pass, 2 of 4 do not); the fund's fees are the market's "2 and 20" over an 8 %
 * hurdle.
 */
export const DEFAULT_INVESTMENT_POLICY: Readonly<InvestmentPolicy> = Object.freeze({
  committeeQuorum: 3,
  committeeMajority: '0.5',
  managementFeeRate: '0.02',
  carriedInterestRate: '0.20',
  hurdleRate: '0.08',
});

/** Every rule the investment section must keep; fields are named `investment.<field>`. */
export function investmentPolicyProblems(policy: InvestmentPolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string) => `investment.${field}`;
  if (
    !Number.isInteger(policy.committeeQuorum) ||
    policy.committeeQuorum < 1 ||
    policy.committeeQuorum > MAX_COMMITTEE_MEMBERS
  )
    problems.push({
      field: at('committeeQuorum'),
      message: `must be a whole number of votes from 1 to ${MAX_COMMITTEE_MEMBERS}`,
    });
  const rate = (field: keyof InvestmentPolicy, min: number, max: number, below = false) => {
    const value = String(policy[field]);
    const ok =
      RATE_PATTERN.test(value) &&
      new Money(value).greaterThanOrEqualTo(min) &&
      (below ? new Money(value).lessThan(max) : new Money(value).lessThanOrEqualTo(max));
    if (!ok)
      problems.push({
        field: at(field),
        message: `must be a decimal string from ${min} to ${below ? 'below ' : ''}${max}`,
      });
  };
  // Below a half, a minority could pass a deal; at 1, no deal could ever pass.
  rate('committeeMajority', 0.5, 1, true);
  rate('managementFeeRate', 0, 0.05);
  rate('carriedInterestRate', 0, 0.5);
  rate('hurdleRate', 0, 0.3);
  return problems;
}
