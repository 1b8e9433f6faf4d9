import fc from 'fast-check';
import { Money, sumMoney } from '@tf/core';
import { commissionOf, priceShares } from './deal-terms';
import { DEFAULT_TRADING_POLICY } from './policy';

describe("a deal's commission and its price shared among its assets, to the cent", () => {
  it("takes the policy's 3 % of 650,000.00: 19,500.00", () => {
    // 650,000.00 × 0.03 = 19,500.00
    expect(commissionOf('650000.00', DEFAULT_TRADING_POLICY.commissionRate)).toBe('19500.00');
  });

  it('rounds the commission half up at the cent', () => {
    // 333.50 × 0.03 = 10.005: half up gives 10.01 (half to even would give 10.00).
    expect(commissionOf('333.50', '0.03')).toBe('10.01');
    // 333.16 × 0.03 = 9.9948: down to 9.99.
    expect(commissionOf('333.16', '0.03')).toBe('9.99');
    // 0.16 × 0.03 = 0.0048: nothing left at the cent.
    expect(commissionOf('0.16', '0.03')).toBe('0.00');
  });

  it('shares 100.00 among 3 assets as 33.34, 33.33, 33.33', () => {
    // 10,000 cents / 3 = 3,333 r 1: the first asset takes the leftover cent.
    expect(priceShares('100.00', 3)).toEqual(['33.34', '33.33', '33.33']);
  });

  it('gives the leftover cents one each to the first assets: 650,000.00 among 7', () => {
    // 65,000,000 cents / 7 = 9,285,714 r 2 (7 × 9,285,714 = 64,999,998).
    // 2 × 92,857.15 + 5 × 92,857.14 = 185,714.30 + 464,285.70 = 650,000.00
    expect(priceShares('650000.00', 7)).toEqual([
      '92857.15',
      '92857.15',
      '92857.14',
      '92857.14',
      '92857.14',
      '92857.14',
      '92857.14',
    ]);
  });

  it('shares fewer cents than assets as a cent each to the first, and nothing among no assets', () => {
    expect(priceShares('0.02', 3)).toEqual(['0.01', '0.01', '0.00']);
    expect(priceShares('100.00', 1)).toEqual(['100.00']);
    expect(priceShares('100.00', 0)).toEqual([]);
  });

  it('property: the shares add up to the price exactly, and differ from each other by a cent at most', () => {
    fc.assert(
      fc.property(
        // Any money amount the listing accepts: up to 18 integer digits, to the cent.
        fc.bigInt({ min: 1n, max: 10n ** 20n - 1n }),
        fc.integer({ min: 1, max: 60 }),
        (cents, count) => {
          const price = new Money(cents.toString()).dividedBy(100).toFixed(2);
          const shares = priceShares(price, count);
          expect(shares).toHaveLength(count);
          expect(sumMoney(shares).toFixed(2)).toBe(price);
          for (const share of shares) expect(share).toMatch(/^\d+\.\d{2}$/);
          // Ordered largest first, so the spread is first minus last.
          const spread = new Money(shares[0]!).minus(shares[count - 1]!);
          expect(spread.greaterThanOrEqualTo(0) && spread.lessThanOrEqualTo('0.01')).toBe(true);
        },
      ),
    );
  });
});
