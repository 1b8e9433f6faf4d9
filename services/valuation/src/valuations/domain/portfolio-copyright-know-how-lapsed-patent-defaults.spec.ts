import { DEFAULT_VALUATION_POLICY } from './policy';
import { Money } from '@tf/core';
import { computeValuation } from './compute-valuation';
import type { Asset, ValuationInput, ValuationPolicy } from './types';
import { valuationProblems } from './validate-valuation';

/*
 * A textiles firm (not high-tech) has its software copyright, know-how and a lapsed invention
 * valued for its accounts on 2025-01-01. No revenue shares, no royalty rate, no comparable deals.
 *
 * Defaults: royalty = the policy default 0.03 (no rate for textiles); tax 0.25; discount given 0.25.
 * Shares: equal among the assets with economic life left: copyright and know-how, 0.5 each; the
 * lapsed patent (no life) takes none.
 * Royalty after tax = 2,000,000 × 0.5 × 0.03 × 0.75 = 22,500 a full year per asset.
 *   copyright (2 years): 22,500 × 0.8 + 22,500 × 0.64 = 18,000 + 14,400 = 32,400.00
 *   know-how (1.5 years): 18,000 + 11,250 / 1.25^1.5 (= 1.3975424859…) = 18,000 + 8,049.8447…
 *                         = 26,049.8447… → 26049.84
 *   lapsed patent: 0 years → 0.00
 * Cost: copyright only: 100,000 × 2 / (age 4 + 2) = 33,333.33
 * Market: no deals → skipped for all.
 * Conclusion:
 *   copyright = (0.6 × 32,400 + 0.1 × 33,333.33) / 0.7 = 22,773.333 / 0.7 = 32,533.3328… → 32533.33
 *   know-how = 26,049.84; patent = 0.00
 *   value 58,583.17; low × 0.85 = 49,795.6945 → 49795.69; high × 1.15 = 67,370.6455 → 67370.65
 * Scores (reporting, thirds):
 *   copyright legal 2/6 → 33.33 × 0.5 + 25 = 41.67 → 42; ratings all missing → 60 / 60; overall 54
 *   know-how legal 1.5/2.5 → 60 × 0.5 + 25 = 55; technical 80; economic 40; overall 58.33 → 58
 *   lapsed patent legal 0 + 0 + 0 + 30 × 0.1 + 60 × 0.1 + 100 × 0.15 = 24; 100 / 100; overall 74.67 → 75
 *   portfolio by value (the patent weighs 0): legal (32,533.33 × 42 + 26,049.84 × 55) / 58,583.17
 *   = 47.78 → 48; technical 68.89 → 69; economic 51.11 → 51; overall 55.78 → 56
 */
/** The center defaults (policy.ts), with a royalty rate for electronics. */
const policy: ValuationPolicy = {
  ...DEFAULT_VALUATION_POLICY,
  royaltyRatesByIndustry: { electronics: '0.05' },
};

const assets: Asset[] = [
  {
    kind: 'software_copyright',
    number: '2021SR0123456',
    title: 'Loom scheduling software V2.0',
    createdOn: '2021-01-01',
    economicLifeYears: '2',
    replacementCost: { rdSpend: '100000', filingFees: '0', maintenanceFees: '0' },
  },
  {
    kind: 'know_how',
    number: 'KH-2024-01',
    title: 'Dyeing recipe',
    createdOn: '2024-01-01',
    economicLifeYears: '1.5',
    technical: { advancement: 4, substitutability: 4, maturity: 4, scope: 4 },
    economic: { marketSize: 2, marketShare: 2, competition: 2, policyFit: 2 },
  },
  {
    kind: 'patent',
    number: 'ZL201110123456.3',
    title: 'Weaving method',
    patentType: 'invention',
    filedOn: '2011-01-01',
    grantedOn: '2014-05-06',
    legalStatus: 'lapsed',
    technical: { advancement: 5, substitutability: 5, maturity: 5, scope: 5 },
    economic: { marketSize: 5, marketShare: 5, competition: 5, policyFit: 5 },
  },
];

const input: ValuationInput = {
  purpose: 'reporting',
  referenceDate: '2025-01-01',
  assets,
  income: { annualRevenue: ['2000000'], discountRate: '0.25' },
  enterprise: { industry: 'textiles', highTech: false },
};

describe('copyright, know-how and a lapsed patent for reporting, on every default', () => {
  const result = computeValuation(input, policy, []);

  it('is a valid request', () => {
    expect(valuationProblems(input)).toEqual([]);
  });

  it('concludes 58583.17 = 32533.33 + 26049.84 + 0.00', () => {
    expect(result.assets.map((x) => x.value)).toEqual(['32533.33', '26049.84', '0.00']);
    expect(result.conclusion).toEqual({
      value: '58583.17',
      low: '49795.69',
      high: '67370.65',
      currency: 'CNY',
    });
    const sum = result.assets.reduce((s, x) => s.plus(x.value), new Money(0));
    expect(sum.toFixed(2)).toBe(result.conclusion.value);
  });

  it('splits the revenue equally between the assets with life left', () => {
    expect(result.assets.map((x) => x.methods[0]!.inputs['revenueShare'])).toEqual([
      '0.5',
      '0.5',
      '0',
    ]);
    expect(result.assets.map((x) => [x.remainingLegalYears, x.economicLifeYears])).toEqual([
      [null, '2.00'],
      [null, '1.50'],
      ['0.00', '0.00'],
    ]);
    // Know-how, 1.5 years: a full year 1, then half of year 2 discounted at t = 1.5.
    expect(result.assets[1]!.methods[0]!.cashFlows).toEqual([
      {
        year: 1,
        t: '1.00',
        revenue: '1000000.00',
        royaltyAfterTax: '22500.00',
        discountFactor: '0.8',
        presentValue: '18000.00',
      },
      {
        year: 2,
        t: '1.50',
        revenue: '500000.00',
        royaltyAfterTax: '11250.00',
        discountFactor: '0.7155417528',
        presentValue: '8049.84',
      },
    ]);
    // The lapsed patent takes no share and has no life: applied at 0.00 over no periods.
    expect(result.assets[2]!.methods[0]).toMatchObject({ value: '0.00', cashFlows: [] });
  });

  it('skips the market approach for want of deals and sums the rest', () => {
    expect(result.methods).toEqual([
      {
        method: 'income',
        status: 'applied',
        value: '58449.84',
        inputs: { appliedTo: '3 of 3 assets', policyWeight: '0.6' },
      },
      {
        method: 'market',
        status: 'skipped',
        reason: 'no comparable deals yet (fed by the trading service)',
        inputs: { appliedTo: '0 of 3 assets', policyWeight: '0.3' },
      },
      {
        method: 'cost',
        status: 'applied',
        value: '33333.33',
        inputs: { appliedTo: '1 of 3 assets', policyWeight: '0.1' },
      },
    ]);
  });

  it('scores for reporting, weighting the portfolio by value', () => {
    expect(result.assets.map((x) => x.score)).toEqual([
      { legal: 42, technical: 60, economic: 60, overall: 54 },
      { legal: 55, technical: 80, economic: 40, overall: 58 },
      { legal: 24, technical: 100, economic: 100, overall: 75 },
    ]);
    expect(result.score).toEqual({ legal: 48, technical: 69, economic: 51, overall: 56 });
  });

  it('writes every default and skip as a sentence', () => {
    expect(result.assumptions).toEqual([
      "royalty rate not given: the center's default rate, 0.03, was used (it sets no rate for the textiles industry)",
      "income tax at 0.25, the center's rate for enterprises not recognised as high-tech",
      'revenue shares not given: the revenue was split equally among the 2 assets with remaining economic life (0.5 each); ZL201110123456.3 has none left and takes no share',
      '2021SR0123456: ratings not given were taken as 3 of 5 (technical.advancement, technical.substitutability, technical.maturity, technical.scope, economic.marketSize, economic.marketShare, economic.competition, economic.policyFit)',
      'ZL201110123456.3: lapsed, so it has no remaining life',
      'market approach not applied: no comparable deals yet (fed by the trading service)',
      'KH-2024-01: cost approach not applied: no replacement cost given',
      'ZL201110123456.3: cost approach not applied: no replacement cost given',
    ]);
  });

  it('without a revenue forecast, values by cost alone and says why', () => {
    const { income: _, ...costOnly } = input;
    const alone = computeValuation(costOnly, policy, []);
    expect(alone.assets.map((x) => x.value)).toEqual(['33333.33', '0.00', '0.00']);
    expect(alone.conclusion.value).toBe('33333.33');
    expect(alone.assumptions).toContain(
      'income approach not applied: no revenue forecast given (income.annualRevenue)',
    );
    expect(alone.assumptions).toContain(
      'KH-2024-01: no method could be applied, so it is valued at 0.00',
    );
  });
});
