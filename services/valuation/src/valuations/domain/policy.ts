import { Money, RATE_PATTERN, type FieldProblem } from '@tf/core';
import type { ValuationPolicy } from './types';
import { INDUSTRY_CODE, MAX_INDUSTRY_RATES } from '@tf/contracts/vocabulary';

/** A center's valuation policy until its admin changes it (DOMAIN.md "Valuation", *policy*). */
export const DEFAULT_VALUATION_POLICY: Readonly<ValuationPolicy> = Object.freeze({
  defaultRoyaltyRate: '0.03',
  royaltyRatesByIndustry: {},
  incomeTaxRate: '0.25',
  highTechIncomeTaxRate: '0.15',
  discountRate: '0.15',
  weightIncome: '0.6',
  weightMarket: '0.3',
  weightCost: '0.1',
  valuationRangeRatio: '0.15',
  valuationValidityMonths: 12,
});

/** Every rule the valuation section must keep; fields are named `valuation.<field>`. */
export function valuationPolicyProblems(policy: ValuationPolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string) => `valuation.${field}`;
  const rate = (field: keyof ValuationPolicy, { max = '1', allowZero = false } = {}) => {
    const value = String(policy[field]);
    if (!RATE_PATTERN.test(value)) {
      problems.push({ field: at(field), message: 'must be a decimal string such as "0.15"' });
      return;
    }
    const d = new Money(value);
    if ((!allowZero && d.isZero()) || d.greaterThan(max)) {
      problems.push({
        field: at(field),
        message: `must be ${allowZero ? 'at least 0' : 'above 0'} and at most ${max}`,
      });
    }
  };

  rate('defaultRoyaltyRate');
  const industries = Object.entries(policy.royaltyRatesByIndustry);
  if (industries.length > MAX_INDUSTRY_RATES) {
    problems.push({
      field: at('royaltyRatesByIndustry'),
      message: `may hold at most ${MAX_INDUSTRY_RATES} industries`,
    });
  }
  for (const [industry, royalty] of industries) {
    const field = at(`royaltyRatesByIndustry.${industry}`);
    if (!INDUSTRY_CODE.test(industry)) {
      problems.push({ field, message: 'industry codes are lower-case letters, digits and dashes' });
    } else if (
      !RATE_PATTERN.test(royalty) ||
      new Money(royalty).isZero() ||
      new Money(royalty).greaterThanOrEqualTo(1)
    ) {
      problems.push({
        field,
        message: 'must be a decimal string above 0 and below 1, such as "0.05"',
      });
    }
  }
  rate('incomeTaxRate', { allowZero: true });
  rate('highTechIncomeTaxRate', { allowZero: true });
  rate('discountRate');
  for (const weight of ['weightIncome', 'weightMarket', 'weightCost'] as const)
    rate(weight, { allowZero: true });
  rate('valuationRangeRatio', { max: '0.9' });
  const months = policy.valuationValidityMonths;
  if (!Number.isInteger(months) || months < 1 || months > 60) {
    problems.push({
      field: at('valuationValidityMonths'),
      message: 'must be a whole number from 1 to 60',
    });
  }
  if (problems.length > 0) return problems;

  const weights = new Money(policy.weightIncome).plus(policy.weightMarket).plus(policy.weightCost);
  if (!weights.equals(1)) {
    problems.push({
      field: at('weightIncome'),
      message: 'the three method weights must add up to exactly 1',
    });
  }
  return problems;
}
