import { isWarm, type WarmUpPlan } from './warm-up';

const plan: WarmUpPlan = { sliceSeconds: 4, minSlices: 2, maxSeconds: 40, tolerance: 0.05 };

describe('warming a side up before it is measured', () => {
  it('goes on while each slice is faster than every one before it', () => {
    expect(isWarm([280], plan)).toBe(false);
    expect(isWarm([280, 330], plan)).toBe(false);
    expect(isWarm([280, 330, 372], plan)).toBe(false);
  });

  it('stops once a slice is no faster than the best before it, within the tolerance', () => {
    expect(isWarm([280, 330, 372, 380], plan)).toBe(true);
    expect(isWarm([600, 612], plan)).toBe(true);
  });

  it('takes a dip for noise, not for more warming to come', () => {
    expect(isWarm([280, 350, 300], plan)).toBe(true);
  });

  it('always runs the minimum, and never more than the cap', () => {
    expect(isWarm([600], { ...plan, minSlices: 1 })).toBe(false);
    expect(isWarm([600, 600], { ...plan, minSlices: 3 })).toBe(false);
    const rising = Array.from({ length: 10 }, (_, i) => 100 * 1.1 ** i);
    expect(isWarm(rising.slice(0, 9), plan)).toBe(false);
    expect(isWarm(rising, plan)).toBe(true);
  });

  it('runs a single slice when the cap allows no more', () => {
    expect(isWarm([120], { sliceSeconds: 2, minSlices: 1, maxSeconds: 2, tolerance: 0.05 })).toBe(
      true,
    );
  });
});
