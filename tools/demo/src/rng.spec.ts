import { Rng } from './rng';

describe('the seeded PRNG', () => {
  const draws = (rng: Rng) => Array.from({ length: 50 }, () => rng.int(0, 1_000_000));

  it('draws the same numbers for the same seed and label, run after run', () => {
    expect(draws(Rng.of(2026, 'jinan'))).toEqual(draws(Rng.of(2026, 'jinan')));
    // Pinned: a change to the generator or its seeding shows here, not as a silently other demo.
    expect(draws(Rng.of(2026, 'jinan')).slice(0, 3)).toEqual([465943, 132524, 349552]);
  });

  it('draws other numbers for another seed, or another label of the same seed', () => {
    expect(draws(Rng.of(2027, 'jinan'))).not.toEqual(draws(Rng.of(2026, 'jinan')));
    expect(draws(Rng.of(2026, 'liaocheng'))).not.toEqual(draws(Rng.of(2026, 'jinan')));
  });

  it('forks streams that do not move each other: drawing more from one leaves the other as it was', () => {
    const a = Rng.of(7);
    const first = a.fork('valuations');
    draws(first);
    const other = a.fork('loans');
    expect(draws(other)).toEqual(draws(Rng.of(7).fork('loans')));
  });

  it('keeps integers within their bounds, and shuffles into a permutation', () => {
    const rng = Rng.of(1);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(-3, 3);
      expect(n).toBeGreaterThanOrEqual(-3);
      expect(n).toBeLessThanOrEqual(3);
      const r = rng.real(0.5, 1.5);
      expect(r).toBeGreaterThanOrEqual(0.5);
      expect(r).toBeLessThan(1.5);
    }
    const items = Array.from({ length: 100 }, (_, i) => i);
    expect([...rng.shuffle(items)].sort((x, y) => x - y)).toEqual(items);
  });
});
