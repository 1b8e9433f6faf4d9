import fc from 'fast-check';
import { Money } from '@tf/core';
import { bidRefusal, nextMinimumBid, type AuctionState } from './auction';

/** A fixed clock: the auction ends a week after it opened, on 2026-06-08 at 09:00 UTC. */
const ENDS_AT = new Date('2026-06-08T09:00:00.000Z');
const DURING = new Date('2026-06-01T10:00:00.000Z');

const auction = (state: Partial<AuctionState> = {}): AuctionState => ({
  reservePrice: '500000.00',
  increment: '1000.00',
  endsAt: ENDS_AT,
  bestBid: null,
  ...state,
});

describe('an English auction: bids rise by the increment until the end', () => {
  it('opens at any positive amount, even under the reserve (the reserve decides only the sale)', () => {
    expect(nextMinimumBid({ increment: '1000.00', bestBid: null }).toFixed(2)).toBe('0.01');
    expect(bidRefusal(auction(), '0.01', DURING)).toBeNull();
    expect(bidRefusal(auction(), '1000.00', DURING)).toBeNull();
    expect(bidRefusal(auction(), '0.00', DURING)).toEqual({ kind: 'too-low', minimum: '0.01' });
  });

  it('takes a next bid of exactly best + increment and refuses one cent under, naming the minimum', () => {
    // 500,000.00 + 1,000.00 = 501,000.00
    const open = auction({ bestBid: '500000.00' });
    expect(nextMinimumBid(open).toFixed(2)).toBe('501000.00');
    expect(bidRefusal(open, '501000.00', DURING)).toBeNull();
    expect(bidRefusal(open, '600000.00', DURING)).toBeNull();
    expect(bidRefusal(open, '500999.99', DURING)).toEqual({
      kind: 'too-low',
      minimum: '501000.00',
    });
    // Matching the best bid is no bid at all.
    expect(bidRefusal(open, '500000.00', DURING)?.kind).toBe('too-low');
  });

  it('refuses a bid at or after the end time, whatever its amount, and takes one a millisecond before', () => {
    const open = auction({ bestBid: '500000.00' });
    expect(bidRefusal(open, '900000.00', ENDS_AT)).toEqual({ kind: 'after-end', endsAt: ENDS_AT });
    expect(bidRefusal(open, '900000.00', new Date('2026-06-08T09:00:00.001Z'))?.kind).toBe(
      'after-end',
    );
    // Too low and too late: the end is what the bidder hears.
    expect(bidRefusal(open, '1.00', ENDS_AT)?.kind).toBe('after-end');
    expect(bidRefusal(open, '900000.00', new Date('2026-06-08T08:59:59.999Z'))).toBeNull();
  });

  it('property: bids that each stand, applied in order, rise strictly by at least the increment', () => {
    fc.assert(
      fc.property(
        // The increment in cents, and each bidder's offer as cents above (or under) the minimum.
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: -2_000_000, max: 3_000_000 }), { maxLength: 40 }),
        (incrementCents, offsets) => {
          const increment = new Money(incrementCents).dividedBy(100).toFixed(2);
          let state = auction({ reservePrice: null, increment });
          const standing: string[] = [];
          for (const offset of offsets) {
            const minimum = nextMinimumBid(state);
            const amount = minimum.plus(new Money(offset).dividedBy(100)).toFixed(2);
            const refusal = bidRefusal(state, amount, DURING);
            if (refusal !== null) {
              expect(refusal).toEqual({ kind: 'too-low', minimum: minimum.toFixed(2) });
              continue;
            }
            standing.push(amount);
            state = { ...state, bestBid: amount };
          }
          for (let k = 1; k < standing.length; k++) {
            const step = new Money(standing[k]!).minus(standing[k - 1]!);
            expect(step.greaterThanOrEqualTo(increment)).toBe(true);
          }
          expect(new Set(standing).size).toBe(standing.length);
        },
      ),
    );
  });
});
