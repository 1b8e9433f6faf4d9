import { createHash } from 'node:crypto';
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/**
 * The demo's only source of chance: xoroshiro128+ (pure-rand) from a fixed seed. Each part of the
 * plan draws from its own stream, forked by a label (`rng.fork('jinan/valuations')`), so adding a
 * draw in one part never shifts the numbers of another.
 */
export class Rng {
  private readonly generator: RandomGenerator;

  private constructor(
    readonly seed: number,
    readonly label: string,
  ) {
    this.generator = xoroshiro128plus(seed32(seed, label));
  }

  static of(seed: number, label = 'root'): Rng {
    return new Rng(seed, label);
  }

  /** An independent stream for a part of the plan. */
  fork(label: string): Rng {
    return new Rng(this.seed, `${this.label}/${label}`);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.generator);
  }

  /** A number in [min, max), to 1e-9. */
  real(min: number, max: number): number {
    return min + (this.int(0, 999_999_999) / 1_000_000_000) * (max - min);
  }

  chance(probability: number): boolean {
    return this.real(0, 1) < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
}

/** 32 bits of SHA-256 of the seed and the label. */
export function seed32(seed: number, label: string): number {
  return createHash('sha256').update(`${seed}:${label}`).digest().readInt32BE(0);
}
