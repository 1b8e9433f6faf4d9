import { Money, type Money as Decimal } from '@tf/core';

/** A dated cash flow seen from the investors: negative when they pay in, positive when paid out. */
export interface DatedFlow {
  on: string;
  amount: Decimal | string;
}

export type XirrResult = { rate: number; reason?: undefined } | { rate: null; reason: string };

const DAY_MS = 86_400_000;
const NEWTON_STEPS = 100;
const BISECTION_STEPS = 300;
/** Rates are searched between −99.99 % and 1,000,000 % a year. */
const LOWEST_RATE = -0.9999;
const HIGHEST_RATE = 10_000;

/**
 * The annual rate r at which the flows' present value is zero, discounting each by
 * (1 + r)^(days since the first flow / 365): what spreadsheets call XIRR, on the same
 * actual/365 count. A rate is a measure, not money, so it is worked in floating point (the
 * amounts' 15 significant digits are far more than a rate printed to 6 places needs).
 *
 * Newton's method from 10 % first, as spreadsheets do; when it wanders off (flows with several
 * sign changes, or a rate far from the guess) the rate is bracketed on a grid and bisected.
 * Flows that cannot have a rate (all one sign) or have none in the range say why instead of
 * answering NaN.
 */
export function xirr(flows: readonly DatedFlow[]): XirrResult {
  const dated = flows
    .map((flow) => ({ day: Date.parse(`${flow.on}T00:00:00Z`) / DAY_MS, amount: toNumber(flow) }))
    .filter((flow) => flow.amount !== 0)
    .sort((a, b) => a.day - b.day);
  if (!dated.some((f) => f.amount < 0) || !dated.some((f) => f.amount > 0))
    return {
      rate: null,
      reason: 'the flows need at least one payment in and one payment out to have a rate',
    };
  const first = dated[0]!.day;
  const years = dated.map((f) => ({ t: (f.day - first) / 365, amount: f.amount }));
  const scale = years.reduce((sum, f) => sum + Math.abs(f.amount), 0);
  const presentValue = (rate: number) =>
    years.reduce((sum, f) => sum + f.amount / Math.pow(1 + rate, f.t), 0);
  const slope = (rate: number) =>
    years.reduce((sum, f) => sum - (f.t * f.amount) / Math.pow(1 + rate, f.t + 1), 0);
  const closeEnough = (rate: number) => Math.abs(presentValue(rate)) <= 1e-9 * scale;

  let rate = 0.1;
  for (let step = 0; step < NEWTON_STEPS; step++) {
    const value = presentValue(rate);
    const derivative = slope(rate);
    if (!Number.isFinite(value) || !Number.isFinite(derivative) || derivative === 0) break;
    const next = rate - value / derivative;
    if (!Number.isFinite(next) || next <= LOWEST_RATE || next > HIGHEST_RATE) break;
    if (Math.abs(next - rate) < 1e-12 && closeEnough(next)) return { rate: next };
    rate = next;
  }
  return bisect(presentValue, closeEnough);
}

function bisect(presentValue: (rate: number) => number, closeEnough: (rate: number) => boolean) {
  // A grid dense near zero, where fund returns are, and sparse towards the extremes.
  const grid = [LOWEST_RATE];
  for (let r = -0.99; r < 1; r += 0.01) grid.push(r);
  for (let r = 1; r <= HIGHEST_RATE; r *= 1.1) grid.push(r);
  for (let k = 1; k < grid.length; k++) {
    let low = grid[k - 1]!;
    let high = grid[k]!;
    let atLow = presentValue(low);
    if (Math.sign(atLow) === Math.sign(presentValue(high))) continue;
    for (let step = 0; step < BISECTION_STEPS && high - low > 1e-15; step++) {
      const middle = (low + high) / 2;
      const atMiddle = presentValue(middle);
      if (Math.sign(atMiddle) === Math.sign(atLow)) [low, atLow] = [middle, atMiddle];
      else high = middle;
    }
    const found = (low + high) / 2;
    if (closeEnough(found)) return { rate: found };
  }
  return {
    rate: null,
    reason: 'no rate between -99.99 % and 1,000,000 % a year brings the flows to zero',
  };
}

function toNumber(flow: DatedFlow): number {
  return new Money(flow.amount).toNumber();
}
