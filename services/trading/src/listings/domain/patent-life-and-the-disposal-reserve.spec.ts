import { disposalReserve, remainingLifeYears } from './deal-terms';
import { DEFAULT_TRADING_POLICY } from './policy';

describe("a patent's remaining life and a disposal auction's reserve", () => {
  it('counts the years of legal life left, in years of 365.25 days, to 2 places', () => {
    // 2026-03-15 → 2030-03-15 is 4 × 365 + 1 (29 February 2028) = 1,461 days; 1,461 / 365.25 = 4.00
    expect(remainingLifeYears('2030-03-15', '2026-03-15')).toBe('4.00');
    // 2026-01-01 → 2026-07-02 is 31 + 28 + 31 + 30 + 31 + 30 + 1 = 182 days; 182 / 365.25 = 0.498…
    expect(remainingLifeYears('2026-07-02', '2026-01-01')).toBe('0.50');
    // 2026-06-01 → 2041-06-01 is 15 × 365 + 4 (2028, 2032, 2036, 2040) = 5,479 days; / 365.25 = 15.0007
    expect(remainingLifeYears('2041-06-01', '2026-06-01')).toBe('15.00');
  });

  it('has no life left on the day it expires or after', () => {
    expect(remainingLifeYears('2026-01-01', '2026-01-01')).toBe('0.00');
    expect(remainingLifeYears('2025-12-31', '2026-01-01')).toBe('0.00');
    expect(remainingLifeYears('2016-01-01', '2026-01-01')).toBe('0.00');
  });

  it("offers a defaulted loan's patents from the pledge value less the 0.30 haircut", () => {
    // 1,000,000.00 × (1 − 0.30) = 700,000.00
    expect(disposalReserve('1000000.00', DEFAULT_TRADING_POLICY.disposalHaircut)).toBe('700000.00');
    // 333.33 × 0.70 = 233.331 → 233.33
    expect(disposalReserve('333.33', '0.30')).toBe('233.33');
    // 0.05 × 0.70 = 0.035 → half up to 0.04; 0.15 × 0.70 = 0.105 → 0.11
    expect(disposalReserve('0.05', '0.30')).toBe('0.04');
    expect(disposalReserve('0.15', '0.30')).toBe('0.11');
  });

  it('keeps the whole pledge value with no haircut', () => {
    expect(disposalReserve('1234567.89', '0')).toBe('1234567.89');
  });
});
