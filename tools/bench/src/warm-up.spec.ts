import { isWarm, type WarmUpPlan } from './warm-up';

const plan: WarmUpPlan = {
  sliceSeconds: 4,
  minSlices: 2,
  maxSeconds: 40,
  tolerance: 0.05,
  patience: 2,
};

describe('warming a side up before it is measured', () => {
  it('goes on while each slice is faster than every one before it', () => {
    expect(isWarm([280], plan)).toBe(false);
    expect(isWarm([280, 330], plan)).toBe(false);
    expect(isWarm([280, 330, 372], plan)).toBe(false);
  });

  it('stops once two slices in a row are no faster than the best before them, within the tolerance', () => {
    expect(isWarm([280, 330, 372, 380], plan)).toBe(false);
    expect(isWarm([280, 330, 372, 380, 375], plan)).toBe(true);
    expect(isWarm([600, 612, 590], plan)).toBe(true);
  });

  it('takes one flat slice for noise on a side still warming', () => {
    // The network's loan applications, once: 53 → 90 → 89 req/s, then 136 when measured.
    expect(isWarm([53, 90, 89], plan)).toBe(false);
    expect(isWarm([53, 90, 89, 120], plan)).toBe(false);
    expect(isWarm([53, 90, 89, 120, 118, 121], plan)).toBe(true);
  });

  it('takes dips under an earlier best as the end of warming', () => {
    expect(isWarm([280, 350, 300, 340], plan)).toBe(true);
  });

  it('stops at the first flat slice with a patience of one', () => {
    expect(isWarm([280, 350, 300], { ...plan, patience: 1 })).toBe(true);
    expect(isWarm([600, 612], { ...plan, patience: 1 })).toBe(true);
  });

  it('always runs the minimum, and never more than the cap', () => {
    expect(isWarm([600], { ...plan, minSlices: 1 })).toBe(false);
    expect(isWarm([600, 600, 600], { ...plan, minSlices: 4 })).toBe(false);
    const rising = Array.from({ length: 10 }, (_, i) => 100 * 1.1 ** i);
    expect(isWarm(rising.slice(0, 9), plan)).toBe(false);
    expect(isWarm(rising, plan)).toBe(true);
  });

  it('runs a single slice when the cap allows no more', () => {
    expect(
      isWarm([120], { sliceSeconds: 2, minSlices: 1, maxSeconds: 2, tolerance: 0.05, patience: 1 }),
    ).toBe(true);
  });
});
