import { DEFAULT_VALUATION_POLICY } from './policy';
import { Money } from '@tf/core';
import { computeValuation } from './compute-valuation';
import type { PatentAsset, ValuationInput, ValuationPolicy } from './types';
import { valuationProblems } from './validate-valuation';

/*
 * One invention (filed 2015-06-30, valued 2025-06-30: 10 years of legal life) with an economic life
 * of 5.4 years, so the projection has five full years and 0.4 of a sixth. No IPC class and no
 * replacement cost: the income approach alone values it. Revenue 1,000,000 / 1,200,000 / 1,400,000
 * (then 1,400,000 a year), all of it from this asset (the only one with life: share 1); royalty
 * 4% and discount 12% given; not high-tech, so tax 25%.
 *
 *   royalty after tax = revenue × 0.04 × 0.75 = 0.03 of the revenue
 *   year  t     revenue                    royalty  factor 1/1.12^t  present value
 *   1     1.00  1,000,000                  30,000   0.892857142857…  26,785.714285714… → 26785.71
 *   2     2.00  1,200,000                  36,000   0.797193877551…  28,698.979591836… → 28698.98
 *   3     3.00  1,400,000                  42,000   0.711780247813…  29,894.770408163… → 29894.77
 *   4     4.00  1,400,000                  42,000   0.635518078404…  26,691.759293002… → 26691.76
 *   5     5.00  1,400,000                  42,000   0.567426855718…  23,831.927940181… → 23831.93
 *   6     5.40  1,400,000 × 0.4 = 560,000  16,800   0.542278863985…   9,110.284914963… →  9110.28
 *   (1.12^5.4 = 1.844069659380…)
 *   Σ unrounded = 145,013.436433862… → value 145013.44
 *   Σ of the six displayed present values = 145,013.43: one cent under the value, because each row
 *   is rounded on its own (at most half a cent per row, so at most 0.03 for six rows).
 * The factor of year 6 rounds to 0.5422788640 and prints without its trailing zero.
 *
 * Checked with `bc -l` at scale=60, independently of decimal.js: the factors as 1/1.12^t for the
 * whole years and 1/e(5.4 × l(1.12)) for t = 5.4, each present value as royalty × factor, and
 * their sum.
 */
/** The center defaults (policy.ts). */
const policy: ValuationPolicy = DEFAULT_VALUATION_POLICY;

const patent: PatentAsset = {
  kind: 'patent',
  number: 'ZL201510654321.8',
  title: 'Battery thermal management method',
  patentType: 'invention',
  filedOn: '2015-06-30',
  grantedOn: '2018-09-14',
  legalStatus: 'granted',
  economicLifeYears: '5.4',
};

const input: ValuationInput = {
  purpose: 'transfer',
  referenceDate: '2025-06-30',
  assets: [patent],
  income: {
    annualRevenue: ['1000000', '1200000', '1400000'],
    royaltyRate: '0.04',
    discountRate: '0.12',
  },
  enterprise: { highTech: false },
};

describe('income approach rows: five full years and 0.4 of a sixth, as the report shows them', () => {
  const result = computeValuation(input, policy, []);
  const income = result.assets[0]!.methods[0]!;

  it('is a valid request valued by the income approach alone', () => {
    expect(valuationProblems(input)).toEqual([]);
    expect(result.assets[0]!.methods.map((m) => [m.method, m.status])).toEqual([
      ['income', 'applied'],
      ['market', 'skipped'],
      ['cost', 'skipped'],
    ]);
    expect(income.value).toBe('145013.44');
    expect(result.conclusion.value).toBe('145013.44');
  });

  it('keeps the rates in the inputs and the projection out of them', () => {
    expect(income.inputs).toEqual({
      revenueShare: '1',
      royaltyRate: '0.04',
      incomeTaxRate: '0.25',
      discountRate: '0.12',
      economicLifeYears: '5.40',
    });
  });

  it('has one row per period: years 1-6, the sixth at t = 5.40 with 0.4 of its revenue', () => {
    expect(income.cashFlows).toEqual([
      {
        year: 1,
        t: '1.00',
        revenue: '1000000.00',
        royaltyAfterTax: '30000.00',
        discountFactor: '0.8928571429',
        presentValue: '26785.71',
      },
      {
        year: 2,
        t: '2.00',
        revenue: '1200000.00',
        royaltyAfterTax: '36000.00',
        discountFactor: '0.7971938776',
        presentValue: '28698.98',
      },
      {
        year: 3,
        t: '3.00',
        revenue: '1400000.00',
        royaltyAfterTax: '42000.00',
        discountFactor: '0.7117802478',
        presentValue: '29894.77',
      },
      {
        year: 4,
        t: '4.00',
        revenue: '1400000.00',
        royaltyAfterTax: '42000.00',
        discountFactor: '0.6355180784',
        presentValue: '26691.76',
      },
      {
        year: 5,
        t: '5.00',
        revenue: '1400000.00',
        royaltyAfterTax: '42000.00',
        discountFactor: '0.5674268557',
        presentValue: '23831.93',
      },
      {
        year: 6,
        t: '5.40',
        revenue: '560000.00',
        royaltyAfterTax: '16800.00',
        discountFactor: '0.542278864',
        presentValue: '9110.28',
      },
    ]);
    expect(income.comparables).toBeUndefined();
  });

  it('the displayed present values add up to the value within their rounding', () => {
    const rows = income.cashFlows ?? [];
    const shown = rows.reduce((sum, row) => sum.plus(row.presentValue), new Money(0));
    expect(shown.toFixed(2)).toBe('145013.43');
    const gap = shown.minus(income.value ?? '0').abs();
    expect(gap.lessThanOrEqualTo(new Money('0.005').times(rows.length))).toBe(true);
  });

  it('skipped methods and the portfolio view carry no rows', () => {
    for (const method of result.assets[0]!.methods.slice(1)) {
      expect(method.cashFlows).toBeUndefined();
      expect(method.comparables).toBeUndefined();
    }
    for (const method of result.methods) {
      expect(method.cashFlows).toBeUndefined();
      expect(method.comparables).toBeUndefined();
    }
  });
});
