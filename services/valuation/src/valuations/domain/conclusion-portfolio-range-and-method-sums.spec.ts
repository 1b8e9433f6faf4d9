import { Money } from '@tf/core';
import { concludePortfolio, policyWeights, summariseMethods } from './conclusion';
import type { MethodResult } from './types';

describe('portfolio conclusion: Σ asset values, a ±15% range, method sums', () => {
  /*
   * 100.10 + 0.00 → 100.10; low = 100.10 × 0.85 = 85.085 → 85.09 (half-up);
   * high = 100.10 × 1.15 = 115.115 → 115.12.
   */
  it('rounds the range half-up: 100.10 → 85.09 … 115.12', () => {
    expect(concludePortfolio(['100.10', '0.00'], '0.15')).toEqual({
      value: '100.10',
      low: '85.09',
      high: '115.12',
      currency: 'CNY',
    });
  });

  it('the value is exactly the sum of the asset values: nothing appears or vanishes', () => {
    const cases = [
      ['0.01', '0.01', '0.01'],
      ['1105980.19', '551914.86', '229284.13'],
      ['33333.33', '33333.33', '33333.34'],
      ['0.00'],
    ];
    for (const values of cases) {
      const sum = values.reduce((s, v) => s.plus(v), new Money(0));
      expect(concludePortfolio(values, '0.2').value).toBe(sum.toFixed(2));
    }
  });

  it('low ≤ value ≤ high for every range ratio', () => {
    for (const ratio of ['0', '0.05', '0.15', '0.5']) {
      const { value, low, high } = concludePortfolio(['12345.67', '0.99'], ratio);
      expect(
        new Money(low).lessThanOrEqualTo(value) && new Money(value).lessThanOrEqualTo(high),
      ).toBe(true);
    }
  });

  it('sums each method over the assets it applied to, saying how many', () => {
    const weights = policyWeights({ weightIncome: '0.6', weightMarket: '0.3', weightCost: '0.1' });
    const asset = (income: string, cost: string | null): MethodResult[] => [
      { method: 'income', status: 'applied', value: income, weight: '1', inputs: {} },
      {
        method: 'market',
        status: 'skipped',
        reason: 'no comparable deals yet (fed by the trading service)',
        inputs: {},
      },
      cost === null
        ? { method: 'cost', status: 'skipped', reason: 'no replacement cost given', inputs: {} }
        : { method: 'cost', status: 'applied', value: cost, weight: '0.1428571429', inputs: {} },
    ];
    expect(
      summariseMethods(
        [asset('100.01', '50.00'), asset('200.02', null), asset('0.00', '25.50')],
        weights,
      ),
    ).toEqual([
      {
        method: 'income',
        status: 'applied',
        value: '300.03',
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
        value: '75.50',
        inputs: { appliedTo: '2 of 3 assets', policyWeight: '0.1' },
      },
    ]);
  });
  /*
   * Two assets' income approaches over different lives (2 and 1 years): their year 1 rows differ
   * in revenue and present value, so adding them row by row would mix two projections. The
   * portfolio view sums the values only (100.00 + 50.00 = 150.00); the rows stay on the assets.
   */
  it("does not carry the assets' cash flows or comparables into the portfolio view", () => {
    const weights = policyWeights({ weightIncome: '0.6', weightMarket: '0.3', weightCost: '0.1' });
    const row = (year: number, presentValue: string) => ({
      year,
      t: `${year}.00`,
      revenue: '1000.00',
      royaltyAfterTax: '60.00',
      discountFactor: '0.9',
      presentValue,
    });
    const deal = {
      dealId: 'T-1',
      price: '10.00',
      remainingLifeYears: '5.00',
      adjustedPrice: '8.00',
    };
    const asset = (value: string, cashFlows: ReturnType<typeof row>[]): MethodResult[] => [
      { method: 'income', status: 'applied', value, weight: '0.6', inputs: {}, cashFlows },
      {
        method: 'market',
        status: 'applied',
        value: '8.00',
        weight: '0.3',
        inputs: { comparableCount: '1' },
        comparables: [deal],
      },
    ];
    const methods = summariseMethods(
      [asset('100.00', [row(1, '54.00'), row(2, '46.00')]), asset('50.00', [row(1, '50.00')])],
      weights,
    );
    expect(methods[0]).toEqual({
      method: 'income',
      status: 'applied',
      value: '150.00',
      inputs: { appliedTo: '2 of 2 assets', policyWeight: '0.6' },
    });
    for (const method of methods) {
      expect(method).not.toHaveProperty('cashFlows');
      expect(method).not.toHaveProperty('comparables');
    }
  });
});
