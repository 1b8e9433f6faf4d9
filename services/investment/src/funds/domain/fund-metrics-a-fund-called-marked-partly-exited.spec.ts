import { fundMetrics, type FundFlow } from './metrics';
import type { InvestmentEntry } from './holding';

/**
 * A fund by hand. Its partners pay in ¥1,000,000 on 2020-01-01 and again on 2021-01-01; the fund
 * invests ¥1,500,000 at ¥6,000,000 pre-money on 2020-01-15 (20 % of the company), marks the stake
 * at ¥2,400,000 on 2021-06-30, sells half of it for ¥1,600,000 on 2022-01-01 and distributes
 * ¥1,200,000 that day.
 *
 * On 2022-12-31: paid-in 2,000,000; distributed 1,200,000; NAV = half of the 2,400,000 mark =
 * 1,200,000. DPI = 1.2 / 2 = 0.6, RVPI = 0.6, TVPI = 1.2. The IRR solves
 * −1,000,000 − 1,000,000·v^(366/365) + 1,200,000·v^(731/365) + 1,200,000·v^(1095/365) = 0 with
 * v = 1/(1+r): 0.0954388849 by bisection in Python's decimal at 50 digits.
 */
const flows: FundFlow[] = [
  { kind: 'capital_call', on: '2020-01-01', amount: '1000000.00' },
  { kind: 'capital_call', on: '2021-01-01', amount: '1000000.00' },
  { kind: 'distribution', on: '2022-01-01', amount: '1200000.00' },
];
const stake: InvestmentEntry[] = [
  { kind: 'close', on: '2020-01-15', amount: '1500000.00', preMoney: '6000000.00' },
  { kind: 'mark', on: '2021-06-30', fairValue: '2400000.00' },
  { kind: 'exit', on: '2022-01-01', fraction: '0.5', proceeds: '1600000.00' },
];

describe('fund metrics: a fund called twice, marked, half exited', () => {
  it('states paid-in, distributions, NAV, the multiples and the IRR on 2022-12-31', () => {
    expect(fundMetrics(flows, [stake], '2022-12-31')).toEqual({
      asOf: '2022-12-31',
      paidIn: '2000000.00',
      distributed: '1200000.00',
      nav: '1200000.00',
      dpi: '0.6000',
      rvpi: '0.6000',
      tvpi: '1.2000',
      irr: '0.095439',
      notes: [],
    });
  });

  it('reads the book as it stood on an earlier day: before the exit, the whole mark is NAV', () => {
    const metrics = fundMetrics(flows, [stake], '2021-12-31');
    expect(metrics).toMatchObject({
      paidIn: '2000000.00',
      distributed: '0.00',
      nav: '2400000.00',
      dpi: '0.0000',
      rvpi: '1.2000',
      tvpi: '1.2000',
    });
  });

  it('values an unmarked holding at cost', () => {
    expect(fundMetrics(flows, [stake], '2020-06-30')).toMatchObject({
      paidIn: '1000000.00',
      nav: '1500000.00',
      rvpi: '1.5000',
    });
  });

  it('has no multiples before any capital is called, and says why', () => {
    const metrics = fundMetrics(flows, [stake], '2019-12-31');
    expect(metrics).toMatchObject({ paidIn: '0.00', dpi: null, rvpi: null, tvpi: null, irr: null });
    expect(metrics.notes).toEqual([
      expect.stringMatching(/no capital has been called/),
      expect.stringMatching(/^irr: /),
    ]);
  });

  it('rounds each multiple from the exact ratio: 1 / 3 is 0.3333', () => {
    const metrics = fundMetrics(
      [
        { kind: 'capital_call', on: '2020-01-01', amount: '3000000.00' },
        { kind: 'distribution', on: '2020-12-31', amount: '1000000.00' },
      ],
      [],
      '2020-12-31',
    );
    expect(metrics).toMatchObject({ dpi: '0.3333', rvpi: '0.0000', tvpi: '0.3333' });
  });
});
