import { expectedValue, revenueFor, valuePerRevenue } from './valuation-math';

describe('what the valuation service will conclude for the demo’s requests', () => {
  it('a flat ¥1,000,000 a year over 8 years at 3 % royalty, 25 % tax, 15 % discount: ¥100,964.74, as the service computed it', () => {
    // POST /valuations of two granted inventions, economicLifeYears "8", annualRevenue
    // ["1000000.00","1000000.00","1000000.00"] concluded 100964.74 (each patent 50482.37).
    expect(expectedValue(['1000000.00', '1000000.00', '1000000.00'], false)).toBeCloseTo(
      100_964.74,
      1,
    );
  });

  it('a high-tech enterprise pays 15 % tax: the value is 0.85 / 0.75 of the other', () => {
    expect(valuePerRevenue(true) / valuePerRevenue(false)).toBeCloseTo(0.85 / 0.75, 12);
  });

  it('the revenue chosen for a value gives that value back, to a yuan', () => {
    for (const value of [250_000, 1_857_923, 9_000_000])
      for (const highTech of [true, false])
        expect(Math.abs(expectedValue(revenueFor(value, highTech), highTech) - value)).toBeLessThan(
          1,
        );
  });
});
