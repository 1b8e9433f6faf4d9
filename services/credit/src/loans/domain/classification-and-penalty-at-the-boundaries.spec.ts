import { DEFAULT_CREDIT_POLICY } from './policy';
import { classify, classifyLoan, daysPastDue, penaltyInterest, penaltyRateOf } from './delinquency';
import type { InstallmentPosition } from './types';

const installment = (overrides: Partial<InstallmentPosition>): InstallmentPosition => ({
  number: 1,
  dueOn: '2026-01-31',
  principal: '10000.00',
  interest: '300.00',
  principalPaid: '0.00',
  interestPaid: '0.00',
  ...overrides,
});

describe('five categories by days past due (2023 rules, DOMAIN.md)', () => {
  it.each([
    [0, 'normal'],
    [1, 'special_mention'],
    [90, 'special_mention'],
    [91, 'substandard'],
    [270, 'substandard'],
    [271, 'doubtful'],
    [360, 'doubtful'],
    [361, 'loss'],
  ])('%i days: %s', (days, expected) => {
    expect(classify(days, DEFAULT_CREDIT_POLICY)).toBe(expected);
  });

  it('defaults past 90 days, and a defaulted loan stays non-performing when it catches up', () => {
    expect(classifyLoan(90, DEFAULT_CREDIT_POLICY, false)).toEqual({
      classification: 'special_mention',
      defaulted: false,
    });
    expect(classifyLoan(91, DEFAULT_CREDIT_POLICY, false)).toEqual({
      classification: 'substandard',
      defaulted: true,
    });
    expect(classifyLoan(0, DEFAULT_CREDIT_POLICY, true)).toEqual({
      classification: 'substandard',
      defaulted: true,
    });
  });
});

describe('days past due: from the oldest installment still owed', () => {
  const schedule = [
    installment({
      number: 1,
      dueOn: '2026-01-31',
      principalPaid: '10000.00',
      interestPaid: '300.00',
    }),
    installment({ number: 2, dueOn: '2026-02-28', interestPaid: '300.00' }),
    installment({ number: 3, dueOn: '2026-03-31' }),
  ];

  it('is 0 on the due date, 1 the day after, and counts from the oldest unsettled one', () => {
    expect(daysPastDue(schedule, '2026-02-28')).toBe(0);
    expect(daysPastDue(schedule, '2026-03-01')).toBe(1);
    expect(daysPastDue(schedule, '2026-03-10')).toBe(10);
    expect(daysPastDue(schedule, '2026-05-29')).toBe(90);
    expect(daysPastDue(schedule, '2026-05-30')).toBe(91);
  });

  it('is 0 when everything due is paid', () => {
    expect(daysPastDue(schedule.slice(0, 1), '2026-12-31')).toBe(0);
  });
});

describe('penalty interest: 1.5 × the contract rate on overdue principal, actual days / 360', () => {
  it('is 16.04 on 10,000 overdue for 10 days at 3.85 % × 1.5', () => {
    const rate = penaltyRateOf('0.0385', DEFAULT_CREDIT_POLICY.penaltyRateMultiplier);
    expect(rate).toBe('0.05775');
    // 10,000 × 0.05775 / 360 × 10 = 16.0416… → 16.04
    expect(penaltyInterest([installment({})], rate, '2026-01-31', '2026-02-10')).toBe('16.04');
  });

  it('starts at the due date or where the last accrual stopped, whichever is later, and ignores interest', () => {
    const rate = '0.036'; // 0.0001 a day
    const late = [
      installment({}),
      installment({ number: 2, dueOn: '2026-02-28', principal: '20000.00' }),
    ];
    // From 2026-02-10 to 2026-03-10: the first for 28 days (28.00), the second for 10 (20.00).
    expect(penaltyInterest(late, rate, '2026-02-10', '2026-03-10')).toBe('48.00');
    // Nothing for an installment not yet due, or one whose principal is paid.
    expect(penaltyInterest(late, rate, '2026-01-01', '2026-01-31')).toBe('0.00');
    expect(
      penaltyInterest(
        [installment({ principalPaid: '10000.00' })],
        rate,
        '2026-01-31',
        '2026-03-31',
      ),
    ).toBe('0.00');
  });
});
