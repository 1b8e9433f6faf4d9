import { xirr } from './xirr';

/**
 * Where the expected rates come from: the first is the worked example of Microsoft's XIRR
 * documentation ("XIRR function", support.microsoft.com: the five payments below return
 * 0.373362535, 37.34 %); the others are computed by hand, exactly where a closed form exists and
 * otherwise by bisection in Python's decimal at 50 digits.
 */
describe('XIRR, the rate of dated flows', () => {
  it("matches the spreadsheet's documented example: 37.34 %", () => {
    const { rate } = xirr([
      { on: '2008-01-01', amount: '-10000' },
      { on: '2008-03-01', amount: '2750' },
      { on: '2008-10-30', amount: '4250' },
      { on: '2009-02-15', amount: '3250' },
      { on: '2009-04-01', amount: '2750' },
    ]);
    expect(rate).toBeCloseTo(0.373362535, 8);
  });

  it('is exactly 10 % for 1,000 that becomes 1,100 after 365 days', () => {
    const { rate } = xirr([
      { on: '2021-01-01', amount: '-1000' },
      { on: '2022-01-01', amount: '1100' },
    ]);
    expect(rate).toBeCloseTo(0.1, 12);
  });

  it('counts actual days over 365: a leap year of 366 days earns 1.1^(365/366) − 1', () => {
    const { rate } = xirr([
      { on: '2020-01-01', amount: '-1000' },
      { on: '2021-01-01', amount: '1100' },
    ]);
    expect(rate).toBeCloseTo(0.09971358593414124, 12);
  });

  it('finds a loss: 1,000 that comes back as 500 a year later is −50 %', () => {
    const { rate } = xirr([
      { on: '2021-01-01', amount: '-1000' },
      { on: '2022-01-01', amount: '500' },
    ]);
    expect(rate).toBeCloseTo(-0.5, 12);
  });

  it('does not depend on the order the flows are given in', () => {
    const { rate } = xirr([
      { on: '2009-04-01', amount: '2750' },
      { on: '2008-10-30', amount: '4250' },
      { on: '2008-01-01', amount: '-10000' },
      { on: '2009-02-15', amount: '3250' },
      { on: '2008-03-01', amount: '2750' },
    ]);
    expect(rate).toBeCloseTo(0.373362535, 8);
  });

  it('finds a rate of thousands of percent when a stake gains half in a month', () => {
    const { rate } = xirr([
      { on: '2024-01-01', amount: '-100' },
      { on: '2024-01-31', amount: '150' },
    ]);
    // 1.5^(365/30) − 1, about 13,800 %
    expect(rate! / (Math.pow(1.5, 365 / 30) - 1)).toBeCloseTo(1, 9);
  });

  it('answers null with a reason, never NaN, when the flows are all one way', () => {
    expect(
      xirr([
        { on: '2021-01-01', amount: '-1000' },
        { on: '2022-01-01', amount: '-100' },
      ]),
    ).toEqual({ rate: null, reason: expect.stringMatching(/one payment in and one payment out/) });
    expect(xirr([])).toEqual({ rate: null, reason: expect.any(String) });
  });

  it('answers null with a reason when no rate brings the flows to zero', () => {
    // −1,000, +3,000, −2,500 a year apart: −2,500x² + 3,000x − 1,000 has no real root in x = 1/(1+r).
    const result = xirr([
      { on: '2020-01-01', amount: '-1000' },
      { on: '2021-01-01', amount: '3000' },
      { on: '2022-01-01', amount: '-2500' },
    ]);
    expect(result.rate).toBeNull();
    expect(result.reason).toMatch(/no rate/);
  });
});
