import { Money, sumMoney } from '@tf/core';
import { buildSchedule, contractRate } from './schedule';

/**
 * ¥1,000,000 at the default ip-pledge rate: LPR 3.00 % + 0.85 % = 3.85 % a year, i = 0.0385 / 12
 * a month on 30/360, disbursed 2026-01-15. Expected figures from the annuity formula
 * P·i / (1 − (1+i)^−n), worked in Python's decimal at 40 digits and rounded half-up to the cent
 * the way the schedule rounds (a 36-month check by hand: (1+i)^36 ≈ 1.12223, 1 − 1/1.12223 ≈
 * 0.10892, 1,000,000 × 0.00320833 / 0.10892 ≈ 29,457).
 */
const terms = (termMonths: number) => ({
  principal: '1000000.00',
  annualRate: contractRate('0.0300', '0.0085'),
  termMonths,
  method: 'equal_installment' as const,
  disbursedOn: '2026-01-15',
});

describe('equal installment: ¥1,000,000 at 3.85 % over 12, 36 and 60 months', () => {
  it('fixes the contract rate as the LPR plus the spread', () => {
    expect(contractRate('0.0300', '0.0085')).toBe('0.0385');
  });

  it.each([
    [12, '85081.39', ['81873.06', '3208.33'], ['84809.24', '272.10'], '20976.63'],
    [36, '29457.30', ['26248.97', '3208.33'], ['29363.27', '94.21'], '60462.98'],
    [60, '18348.91', ['15140.58', '3208.33'], ['18290.07', '58.68'], '100934.44'],
  ])(
    '%i months: %s a month, the last installment takes the rounding',
    (months, payment, first, last, totalInterest) => {
      const schedule = buildSchedule(terms(months));
      expect(schedule).toHaveLength(months);
      expect([schedule[0]?.principal, schedule[0]?.interest]).toEqual(first);
      expect(new Money(first[0]!).plus(first[1]!).toFixed(2)).toBe(payment);
      // Every installment but the last pays exactly the payment.
      for (const line of schedule.slice(0, -1))
        expect(new Money(line.principal).plus(line.interest).toFixed(2)).toBe(payment);
      expect([schedule.at(-1)?.principal, schedule.at(-1)?.interest]).toEqual(last);
      expect(sumMoney(schedule.map((l) => l.principal)).toFixed(2)).toBe('1000000.00');
      expect(sumMoney(schedule.map((l) => l.interest)).toFixed(2)).toBe(totalInterest);
    },
  );

  it('falls due on the disbursement day of each month, clamped at a short month, without drifting', () => {
    const dates = buildSchedule({ ...terms(4), disbursedOn: '2026-01-31' }).map((l) => l.dueOn);
    expect(dates).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  });
});
