import fc from 'fast-check';
import { endAfterBid } from './auction';

/** The auction ends at 09:00:00 UTC; the policy's default window and extension are 5 minutes. */
const ENDS_AT = new Date('2026-06-08T09:00:00.000Z');
const FIVE_AND_FIVE = { windowMinutes: 5, extensionMinutes: 5 };

describe('anti-sniping: a late bid moves the end back, never earlier', () => {
  it('moves the end to 5 minutes after a bid 3 minutes before it', () => {
    // Bid at 08:57:00; 08:57 + 5 min = 09:02.
    expect(
      endAfterBid(ENDS_AT, new Date('2026-06-08T08:57:00.000Z'), FIVE_AND_FIVE).toISOString(),
    ).toBe('2026-06-08T09:02:00.000Z');
  });

  it('leaves the end where it is for a bid 6 minutes before it', () => {
    expect(endAfterBid(ENDS_AT, new Date('2026-06-08T08:54:00.000Z'), FIVE_AND_FIVE)).toEqual(
      ENDS_AT,
    );
  });

  it('counts a bid exactly 5:00 before the end as inside the window (end − bid ≤ window)', () => {
    const atTheEdge = new Date('2026-06-08T08:55:00.000Z');
    // Inside, but 08:55 + 5 min is 09:00, the end itself: with equal window and extension the
    // end does not move.
    expect(endAfterBid(ENDS_AT, atTheEdge, FIVE_AND_FIVE)).toEqual(ENDS_AT);
    // A longer extension shows the edge is inside: 08:55 + 10 min = 09:05 ...
    expect(
      endAfterBid(ENDS_AT, atTheEdge, { windowMinutes: 5, extensionMinutes: 10 }).toISOString(),
    ).toBe('2026-06-08T09:05:00.000Z');
    // ... and a millisecond earlier is outside.
    expect(
      endAfterBid(ENDS_AT, new Date('2026-06-08T08:54:59.999Z'), {
        windowMinutes: 5,
        extensionMinutes: 10,
      }),
    ).toEqual(ENDS_AT);
  });

  it('never moves the end earlier when the extension is shorter than the time left', () => {
    // 08:57 + 2 min = 08:59, before 09:00: the end stays.
    const rules = { windowMinutes: 10, extensionMinutes: 2 };
    expect(endAfterBid(ENDS_AT, new Date('2026-06-08T08:57:00.000Z'), rules)).toEqual(ENDS_AT);
    expect(
      endAfterBid(ENDS_AT, new Date('2026-06-08T08:59:00.000Z'), {
        windowMinutes: 5,
        extensionMinutes: 0,
      }),
    ).toEqual(ENDS_AT);
  });

  it('property: the end never moves earlier, and a bid in the window leaves the extension to answer it', () => {
    fc.assert(
      fc.property(
        // Up to 2 hours before the end, to the millisecond, and the policy's 0..60 minutes.
        fc.integer({ min: 1, max: 2 * 60 * 60_000 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (before, windowMinutes, extensionMinutes) => {
          const at = new Date(ENDS_AT.getTime() - before);
          const end = endAfterBid(ENDS_AT, at, { windowMinutes, extensionMinutes });
          expect(end.getTime()).toBeGreaterThanOrEqual(ENDS_AT.getTime());
          if (before <= windowMinutes * 60_000)
            expect(end.getTime()).toBeGreaterThanOrEqual(at.getTime() + extensionMinutes * 60_000);
          else expect(end).toEqual(ENDS_AT);
        },
      ),
    );
  });
});
