import { Money } from '@tf/core';
import { concludeAsset, policyWeights, type MethodOutcome } from './conclusion';

const weights = policyWeights({ weightIncome: '0.6', weightMarket: '0.3', weightCost: '0.1' });

const applied = (method: MethodOutcome['method'], value: string): MethodOutcome => ({
  method,
  status: 'applied',
  value: new Money(value),
  inputs: {},
});
const skipped = (method: MethodOutcome['method'], reason: string): MethodOutcome => ({
  method,
  status: 'skipped',
  reason,
  inputs: {},
});

describe('conclusion without the market approach: weights re-normalised over income and cost', () => {
  /*
   * income 100,000.004 (shown 100,000.00), cost 30,000; market skipped.
   * weights 0.6 and 0.1 over 0.7 → 6/7 = 0.8571428571…, 1/7 = 0.1428571428…
   * value = (0.6 × 100,000.00 + 0.1 × 30,000.00) / 0.7 = 63,000 / 0.7 = 90,000.00
   */
  it('weighs income 6/7 and cost 1/7: 90000.00', () => {
    const result = concludeAsset(
      [
        applied('income', '100000.004'),
        skipped('market', 'no comparable deals yet (fed by the trading service)'),
        applied('cost', '30000'),
      ],
      weights,
    );
    expect(result.value.toFixed(2)).toBe('90000.00');
    expect(result.methods).toEqual([
      {
        method: 'income',
        status: 'applied',
        value: '100000.00',
        weight: '0.8571428571',
        inputs: {},
      },
      {
        method: 'market',
        status: 'skipped',
        reason: 'no comparable deals yet (fed by the trading service)',
        inputs: {},
      },
      { method: 'cost', status: 'applied', value: '30000.00', weight: '0.1428571429', inputs: {} },
    ]);
    expect(result.equalWeightsFallback).toBe(false);
  });

  it('rounds half-up to cents: (0.6 × 123,456.78 + 0.1 × 10,000) / 0.7 = 107,248.668571… → 107248.67', () => {
    const result = concludeAsset(
      [applied('income', '123456.78'), skipped('market', 'x'), applied('cost', '10000')],
      weights,
    );
    expect(result.value.toFixed(2)).toBe('107248.67');
  });

  it('with all three: 0.6 × 100 + 0.3 × 200 + 0.1 × 300 = 150.00', () => {
    const result = concludeAsset(
      [applied('income', '100'), applied('market', '200'), applied('cost', '300')],
      weights,
    );
    expect(result.value.toFixed(2)).toBe('150.00');
    expect(result.methods.map((m) => m.weight)).toEqual(['0.6', '0.3', '0.1']);
  });

  it('a single applied method carries weight 1 and gives its own value', () => {
    for (const method of ['income', 'market', 'cost'] as const) {
      const others = (['income', 'market', 'cost'] as const).filter((m) => m !== method);
      const result = concludeAsset(
        [applied(method, '4321.005'), ...others.map((m) => skipped(m, 'n/a'))],
        weights,
      );
      expect(result.value.toFixed(2)).toBe('4321.01');
      expect(result.methods.find((m) => m.method === method)?.weight).toBe('1');
    }
  });

  it('the conclusion lies between the lowest and highest applied value', () => {
    for (const [income, market, cost] of [
      ['100', '900', '500'],
      ['1000000', '1', '0'],
      ['0.01', '0.02', '0.03'],
    ] as const) {
      const result = concludeAsset(
        [applied('income', income), applied('market', market), applied('cost', cost)],
        weights,
      );
      const values = [income, market, cost].map((v) => new Money(v));
      expect(result.value.greaterThanOrEqualTo(Money.min(...values).toDecimalPlaces(2))).toBe(true);
      expect(result.value.lessThanOrEqualTo(Money.max(...values).toDecimalPlaces(2))).toBe(true);
    }
  });

  it('nothing applied → 0.00; a policy giving the applied methods no weight → equal weights', () => {
    expect(
      concludeAsset([skipped('income', 'a'), skipped('cost', 'b')], weights).value.toFixed(2),
    ).toBe('0.00');
    const zero = policyWeights({ weightIncome: '0', weightMarket: '1', weightCost: '0' });
    const result = concludeAsset(
      [applied('income', '100'), skipped('market', 'm'), applied('cost', '201')],
      zero,
    );
    expect(result.equalWeightsFallback).toBe(true);
    expect(result.value.toFixed(2)).toBe('150.50');
  });
});
