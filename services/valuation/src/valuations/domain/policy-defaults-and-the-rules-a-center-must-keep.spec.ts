import { DEFAULT_VALUATION_POLICY, valuationPolicyProblems } from './policy';
import type { ValuationPolicy } from './types';

const policy = (changes: Partial<ValuationPolicy>): ValuationPolicy => ({
  ...DEFAULT_VALUATION_POLICY,
  ...changes,
});

describe("a center's valuation policy: the defaults and the rules it must keep", () => {
  it('starts from DOMAIN.md: royalty 3%, tax 25% (15% high-tech), discount 15%, weights 0.6/0.3/0.1, ±15%, 12 months', () => {
    expect(DEFAULT_VALUATION_POLICY).toEqual({
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
    expect(valuationPolicyProblems(DEFAULT_VALUATION_POLICY)).toEqual([]);
  });

  it('accepts other weights that add up to 1 and a royalty rate for an industry', () => {
    expect(
      valuationPolicyProblems(
        policy({
          weightIncome: '0.5',
          weightMarket: '0.5',
          weightCost: '0',
          royaltyRatesByIndustry: { 'integrated-circuits': '0.05' },
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    [{ discountRate: '0' }, 'valuation.discountRate', 'must be above 0 and at most 1'],
    [
      { discountRate: '0.15%' },
      'valuation.discountRate',
      'must be a decimal string such as "0.15"',
    ],
    [
      { valuationRangeRatio: '0.95' },
      'valuation.valuationRangeRatio',
      'must be above 0 and at most 0.9',
    ],
    [
      { valuationValidityMonths: 0 },
      'valuation.valuationValidityMonths',
      'must be a whole number from 1 to 60',
    ],
    [
      { weightIncome: '0.7' },
      'valuation.weightIncome',
      'the three method weights must add up to exactly 1',
    ],
    [
      { royaltyRatesByIndustry: { 'integrated-circuits': '1' } },
      'valuation.royaltyRatesByIndustry.integrated-circuits',
      'must be a decimal string above 0 and below 1, such as "0.05"',
    ],
    [
      { royaltyRatesByIndustry: { Chips: '0.05' } },
      'valuation.royaltyRatesByIndustry.Chips',
      'industry codes are lower-case letters, digits and dashes',
    ],
  ])('refuses %j, naming %s', (changes, field, message) => {
    expect(valuationPolicyProblems(policy(changes as Partial<ValuationPolicy>))).toEqual([
      { field, message },
    ]);
  });
});
