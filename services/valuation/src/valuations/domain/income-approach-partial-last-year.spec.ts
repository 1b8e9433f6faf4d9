import { formatMoney } from '@tf/core';
import { incomeApproach } from './income-approach';

/*
 * Revenue forecast 1,000,000 then 2,000,000 (year 3 repeats 2,000,000); the asset earns half;
 * royalty 10%, tax 25%, discount 21% (1.21 = 1.1², so 1.21^2.5 = 1.1^5 = 1.61051 exactly);
 * remaining economic life 2.5 years.
 *
 *   royalty after tax rate = 0.1 × 0.75 = 0.075
 *   year 1: 1,000,000 × 0.5       = 500,000 → 37,500 / 1.21    = 30,991.7355371900826…
 *   year 2: 2,000,000 × 0.5       = 1,000,000 → 75,000 / 1.4641 = 51,226.0091523803018…
 *   year 3: 2,000,000 × 0.5 × 0.5 = 500,000 → 37,500 / 1.61051 = 23,284.5496147183190…  (t = 2.5)
 *   Σ = 105,502.2943042887035… → 105502.29
 */
const input = {
  annualRevenue: ['1000000', '2000000'],
  revenueShare: '0.5',
  royaltyRate: '0.1',
  incomeTaxRate: '0.25',
  discountRate: '0.21',
};

describe('income approach: a partial last year counts pro rata', () => {
  const result = incomeApproach({ ...input, years: '2.5' });

  it('takes half of year 3 (the repeated last forecast) discounted at t = 2.5', () => {
    const last = result.rows[2]!;
    expect(last.year).toBe(3);
    expect(last.t.toString()).toBe('2.5');
    expect(last.portion.toString()).toBe('0.5');
    expect(last.revenue.toString()).toBe('500000');
    expect(last.royaltyAfterTax.toString()).toBe('37500');
    expect(last.discountFactor.times('1.61051').toDecimalPlaces(30).toString()).toBe('1');
    expect(formatMoney(last.presentValue)).toBe('23284.55');
  });

  it('values the asset at 105502.29', () => {
    expect(result.rows.map((r) => formatMoney(r.presentValue))).toEqual([
      '30991.74',
      '51226.01',
      '23284.55',
    ]);
    expect(formatMoney(result.value)).toBe('105502.29');
  });

  it('a life under one year is one partial period: 0.5 × 500,000 × 0.075 / 1.1 = 17045.45', () => {
    const short = incomeApproach({ ...input, years: '0.5' });
    expect(short.rows).toHaveLength(1);
    expect(short.rows[0]!.t.toString()).toBe('0.5');
    expect(short.rows[0]!.revenue.toString()).toBe('250000');
    expect(formatMoney(short.value)).toBe('17045.45');
  });

  it('more life is never less value: 2 ≤ 2.25 ≤ 2.5 ≤ 3 years', () => {
    const values = ['2', '2.25', '2.5', '3'].map(
      (years) => incomeApproach({ ...input, years }).value,
    );
    for (let i = 1; i < values.length; i += 1) {
      expect(values[i]!.greaterThan(values[i - 1]!)).toBe(true);
    }
  });

  it('repeats the last forecast year: a 1-year forecast equals the same figure given 4 times', () => {
    const repeated = incomeApproach({ ...input, annualRevenue: ['800000'], years: '4' });
    const spelled = incomeApproach({
      ...input,
      annualRevenue: ['800000', '800000', '800000', '800000'],
      years: '4',
    });
    expect(repeated.value.toString()).toBe(spelled.value.toString());
  });
});
