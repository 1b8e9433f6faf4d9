import fc from 'fast-check';
import { Money, sumMoney } from '@tf/core';
import { allocateProRata, fundCash, uncommittedCapacity } from './capital';

describe('capital calls and distributions split across the limited partners', () => {
  it('splits in proportion to the weights when the cents divide evenly', () => {
    const parts = allocateProRata('1000000.00', [
      { id: 'a', weight: '6000000' },
      { id: 'b', weight: '3000000' },
      { id: 'c', weight: '1000000' },
    ]);
    expect(parts.map((p) => [p.id, p.amount.toFixed(2)])).toEqual([
      ['a', '600000.00'],
      ['b', '300000.00'],
      ['c', '100000.00'],
    ]);
  });

  it('gives the leftover cent to the largest remainder: 100.00 over three equal partners', () => {
    const parts = allocateProRata('100.00', [
      { id: 'a', weight: '1' },
      { id: 'b', weight: '1' },
      { id: 'c', weight: '1' },
    ]);
    expect(parts.map((p) => p.amount.toFixed(2))).toEqual(['33.34', '33.33', '33.33']);
  });

  it("never calls past a partner's unfunded commitment, even for the last cent", () => {
    const parts = allocateProRata('0.02', [
      { id: 'a', weight: '0.01', cap: '0.01' },
      { id: 'b', weight: '0.01', cap: '0.01' },
    ]);
    expect(parts.map((p) => p.amount.toFixed(2))).toEqual(['0.01', '0.01']);
    expect(() => allocateProRata('0.03', [{ id: 'a', weight: '1', cap: '0.02' }])).toThrow(
      /caps cannot hold/,
    );
  });

  it('property: the parts add up to the amount, each within a cent of its exact share and under its cap', () => {
    const cents = fc.bigInt({ min: 1n, max: 10n ** 12n });
    fc.assert(
      fc.property(
        cents,
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 12 }),
        (amountCents, weightCents) => {
          const amount = new Money(amountCents.toString()).dividedBy(100);
          const weights = weightCents.map((w) => new Money(w.toString()).dividedBy(100));
          const total = sumMoney(weights);
          // Caps as on a call: each partner's unfunded commitment, scaled so they hold the amount.
          const scale = amount.greaterThan(total) ? amount.dividedBy(total).ceil() : new Money(1);
          const partners = weights.map((w, k) => ({
            id: String(k),
            weight: w,
            cap: w.times(scale),
          }));
          const parts = allocateProRata(amount, partners);
          expect(sumMoney(parts.map((p) => p.amount)).equals(amount)).toBe(true);
          parts.forEach((part, k) => {
            const exact = amount.times(weights[k]!).dividedBy(total);
            expect(part.amount.minus(exact).abs().lessThan('0.01')).toBe(true);
            expect(part.amount.lessThanOrEqualTo(partners[k]!.cap)).toBe(true);
            expect(part.amount.decimalPlaces()).toBeLessThanOrEqual(2);
          });
        },
      ),
    );
  });

  it("states the fund's room to invest and its cash", () => {
    expect(uncommittedCapacity('100000000.00', '87500000.00').toFixed(2)).toBe('12500000.00');
    expect(
      fundCash({
        paidIn: '2000000',
        proceeds: '1600000',
        invested: '1500000',
        distributed: '1200000',
      }).toFixed(2),
    ).toBe('900000.00');
  });
});
