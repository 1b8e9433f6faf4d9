import fc from 'fast-check';
import { Money } from '@tf/core';
import { DEFAULT_GUARANTEE_POLICY } from './policy';
import { shareByPolicy } from './risk-shares';

const policy = DEFAULT_GUARANTEE_POLICY;
const amounts = (shares: { amount: string }[]) => shares.map((s) => s.amount);

describe('the 4-3-2-1 split of a guaranteed amount', () => {
  it('gives ¥1,600,000 as 640,000 / 480,000 / 320,000 / 160,000, institution first', () => {
    expect(shareByPolicy('1600000.00', policy)).toEqual([
      { party: 'institution', ratio: '0.40', amount: '640000.00' },
      { party: 're_guarantee', ratio: '0.30', amount: '480000.00' },
      { party: 'bank', ratio: '0.20', amount: '320000.00' },
      { party: 'government', ratio: '0.10', amount: '160000.00' },
    ]);
  });

  it('gives left-over cents to the largest remainders, ties to the earlier party', () => {
    // 3 cents: exact 1.2 / 0.9 / 0.6 / 0.3 → 1 / 1 / 1 / 0.
    expect(amounts(shareByPolicy('0.03', policy))).toEqual(['0.01', '0.01', '0.01', '0.00']);
    // 1 cent: exact 0.4 / 0.3 / 0.2 / 0.1 → the institution's.
    expect(amounts(shareByPolicy('0.01', policy))).toEqual(['0.01', '0.00', '0.00', '0.00']);
    // A split of quarters: 1 cent, four equal remainders → the institution, the first.
    const quarters = {
      ...policy,
      riskShareInstitution: '0.25',
      riskShareReGuarantee: '0.25',
      riskShareBank: '0.25',
      riskShareGovernment: '0.25',
    };
    expect(amounts(shareByPolicy('0.01', quarters))).toEqual(['0.01', '0.00', '0.00', '0.00']);
  });

  it('always adds up exactly, each party within a cent of its exact share, for any amount and split', () => {
    const split = fc
      .tuple(fc.nat(100), fc.nat(100), fc.nat(100))
      .filter(([a, b, c]) => a + b + c <= 100)
      .map(([a, b, c]) => [a, b, c, 100 - a - b - c].map((n) => (n / 100).toFixed(2)));
    const cents = fc.bigInt({ min: 0n, max: 10n ** 14n });
    fc.assert(
      fc.property(cents, split, (c, [i, r, b, g]) => {
        const amount = new Money(c.toString()).dividedBy(100).toFixed(2);
        const custom = {
          ...policy,
          riskShareInstitution: i!,
          riskShareReGuarantee: r!,
          riskShareBank: b!,
          riskShareGovernment: g!,
        };
        const shares = shareByPolicy(amount, custom);
        const total = shares.reduce((sum, s) => sum.plus(s.amount), new Money(0));
        expect(total.toFixed(2)).toBe(amount);
        for (const share of shares) {
          const exact = new Money(amount).times(share.ratio);
          expect(exact.minus(share.amount).abs().lessThan('0.01')).toBe(true);
          expect(new Money(share.amount).isNegative()).toBe(false);
        }
      }),
    );
  });
});
