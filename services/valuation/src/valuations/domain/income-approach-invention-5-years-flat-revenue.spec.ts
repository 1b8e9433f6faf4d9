import { Money } from '@tf/core';
import { incomeApproach } from './income-approach';
import { remainingEconomicYears } from './remaining-life';
import type { PatentAsset } from './types';

/*
 * An invention filed 2010-03-01 (term to 2030-03-01), valued on 2025-03-01 with an economic life
 * of 5 years; revenue 1,000,000 a year, all of it from this patent; royalty 5%, tax 20%, discount
 * 25% (chosen so the discount factors are exact).
 *
 *   royalty after tax = 1,000,000 × 1 × 0.05 × (1 − 0.2) = 40,000 a year
 *   t  factor 1/1.25^t  present value
 *   1  0.8              32,000
 *   2  0.64             25,600
 *   3  0.512            20,480
 *   4  0.4096           16,384
 *   5  0.32768          13,107.2
 *   Σ                  107,571.2
 */
const asset: PatentAsset = {
  kind: 'patent',
  number: 'ZL201010123456.9',
  title: 'Sensor calibration method',
  patentType: 'invention',
  filedOn: '2010-03-01',
  grantedOn: '2013-06-01',
  legalStatus: 'granted',
  economicLifeYears: '5',
};

const base = {
  annualRevenue: ['1000000'],
  revenueShare: '1',
  royaltyRate: '0.05',
  incomeTaxRate: '0.2',
  discountRate: '0.25',
};

describe('income approach: an invention with 5 years of flat revenue', () => {
  const years = remainingEconomicYears(asset, '2025-03-01');
  const result = incomeApproach({ ...base, years });

  it('sums five discounted royalties to exactly 107571.2', () => {
    expect(years.toString()).toBe('5');
    expect(result.value.toString()).toBe('107571.2');
  });

  it('shows each year: t, revenue, royalty after tax, factor, present value', () => {
    expect(
      result.rows.map((r) => [
        r.t.toString(),
        r.revenue.toString(),
        r.royaltyAfterTax.toString(),
        r.discountFactor.toString(),
        r.presentValue.toString(),
      ]),
    ).toEqual([
      ['1', '1000000', '40000', '0.8', '32000'],
      ['2', '1000000', '40000', '0.64', '25600'],
      ['3', '1000000', '40000', '0.512', '20480'],
      ['4', '1000000', '40000', '0.4096', '16384'],
      ['5', '1000000', '40000', '0.32768', '13107.2'],
    ]);
  });

  it('Σ present values = value (the rows explain the whole)', () => {
    const sum = result.rows.reduce((s, r) => s.plus(r.presentValue), new Money(0));
    expect(sum.toString()).toBe(result.value.toString());
  });

  it('grows with the royalty rate and the revenue share, shrinks with the discount rate', () => {
    // Deterministic sweeps instead of random properties: each step must strictly increase / decrease.
    const value = (overrides: Partial<typeof base>) =>
      incomeApproach({ ...base, ...overrides, years }).value;
    for (const [low, high] of [
      ['0.01', '0.02'],
      ['0.02', '0.05'],
      ['0.05', '0.2'],
    ]) {
      expect(value({ royaltyRate: high }).greaterThan(value({ royaltyRate: low }))).toBe(true);
      expect(value({ revenueShare: high }).greaterThan(value({ revenueShare: low }))).toBe(true);
      expect(value({ discountRate: high }).lessThan(value({ discountRate: low }))).toBe(true);
    }
  });

  it('is proportional to the royalty rate: doubling it doubles the value', () => {
    for (const rate of ['0.01', '0.03', '0.125']) {
      const once = incomeApproach({ ...base, royaltyRate: rate, years }).value;
      const twice = incomeApproach({
        ...base,
        royaltyRate: new Money(rate).times(2).toString(),
        years,
      }).value;
      expect(twice.toString()).toBe(once.mul(2).toString());
    }
  });

  it('values a lapsed patent (0 years) at 0 with no rows', () => {
    const none = incomeApproach({ ...base, years: '0' });
    expect(none.value.toString()).toBe('0');
    expect(none.rows).toEqual([]);
  });
});
