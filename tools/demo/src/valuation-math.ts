/**
 * What the valuation service will conclude for the demo's requests, worked in advance so the
 * plan can choose revenues that reach the article's total (docs/valuation.md, "Methods"):
 * relief from royalty only (no replacement cost is sent and no comparables exist yet, so the
 * income method takes the whole weight), the center's default royalty rate (3 %), tax 25 % or
 * 15 % for a high-tech enterprise, discount 15 %, and every patent given an economic life of
 * exactly 8 years (the plan keeps each patent's remaining legal life longer than that). The
 * revenue forecast is three years, the third repeated to year 8. The portfolio's value is then
 * revenue(year 1) × VALUE_PER_REVENUE, whatever the number of patents.
 */
import { at } from './at';

export const VALUATION_POLICY = {
  royaltyRate: 0.03,
  incomeTaxRate: 0.25,
  highTechIncomeTaxRate: 0.15,
  discountRate: 0.15,
} as const;

export const ECONOMIC_LIFE_YEARS = 8;
/** Revenue of years 2 and 3 as multiples of year 1; later years repeat year 3. */
export const REVENUE_GROWTH = [1, 1.2, 1.4] as const;

/** The portfolio's value for a year-1 revenue of 1. */
export function valuePerRevenue(highTech: boolean): number {
  const tax = highTech ? VALUATION_POLICY.highTechIncomeTaxRate : VALUATION_POLICY.incomeTaxRate;
  let factor = 0;
  for (let t = 1; t <= ECONOMIC_LIFE_YEARS; t++) {
    const growth = at(REVENUE_GROWTH, Math.min(t, REVENUE_GROWTH.length) - 1);
    factor += growth / (1 + VALUATION_POLICY.discountRate) ** t;
  }
  return factor * VALUATION_POLICY.royaltyRate * (1 - tax);
}

/** The revenue forecast (year 1, 2, 3, to the cent) whose valuation is about `value`. */
export function revenueFor(value: number, highTech: boolean): string[] {
  const first = value / valuePerRevenue(highTech);
  return REVENUE_GROWTH.map((g) => (Math.round(first * g * 100) / 100).toFixed(2));
}

/** The value the service will conclude for a forecast made by revenueFor (to about a yuan). */
export function expectedValue(revenue: readonly string[], highTech: boolean): number {
  const tax = highTech ? VALUATION_POLICY.highTechIncomeTaxRate : VALUATION_POLICY.incomeTaxRate;
  let value = 0;
  for (let t = 1; t <= ECONOMIC_LIFE_YEARS; t++) {
    const r = Number(revenue[Math.min(t, revenue.length) - 1]);
    value += r / (1 + VALUATION_POLICY.discountRate) ** t;
  }
  return value * VALUATION_POLICY.royaltyRate * (1 - tax);
}
