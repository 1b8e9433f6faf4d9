import { sumMoney } from '@tf/core';
import { buildSchedule } from './schedule';

/** ¥1,000,000 at 3.85 % a year over 36 months; figures worked in Python's decimal, half-up to the cent. */
const terms = {
  principal: '1000000.00',
  annualRate: '0.0385',
  termMonths: 36,
  disbursedOn: '2026-01-15',
};

describe('equal principal and interest only: ¥1,000,000 at 3.85 % over 36 months', () => {
  it('equal principal: 27,777.78 a month, the last 27,777.70, interest on the falling balance', () => {
    const schedule = buildSchedule({ ...terms, method: 'equal_principal' });
    expect(schedule[0]).toEqual({
      number: 1,
      dueOn: '2026-02-15',
      principal: '27777.78',
      interest: '3208.33',
    });
    expect(schedule[1]?.interest).toBe('3119.21'); // 972,222.22 × 0.0385 / 12
    expect(schedule.at(-1)).toEqual({
      number: 36,
      dueOn: '2029-01-15',
      principal: '27777.70',
      interest: '89.12',
    });
    expect(sumMoney(schedule.map((l) => l.principal)).toFixed(2)).toBe('1000000.00');
    expect(sumMoney(schedule.map((l) => l.interest)).toFixed(2)).toBe('59354.15');
  });

  it('interest only: 3,208.33 every month, the principal with the 36th', () => {
    const schedule = buildSchedule({ ...terms, method: 'interest_only' });
    expect(
      schedule.slice(0, 35).every((l) => l.principal === '0.00' && l.interest === '3208.33'),
    ).toBe(true);
    expect(schedule.at(-1)).toEqual({
      number: 36,
      dueOn: '2029-01-15',
      principal: '1000000.00',
      interest: '3208.33',
    });
  });
});
