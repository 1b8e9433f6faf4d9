import { buildSchedule } from './schedule';
import { allocateRepayment, payable, type LoanPosition } from './repayment';
import type { InstallmentPosition } from './types';

/**
 * ¥120,000 over 12 months, equal principal at 3.60 % (0.3 % a month, to keep the arithmetic by
 * hand): installments of 10,000 principal; interest 360.00 on the first, 330.00 on the second…
 */
const terms = { annualRate: '0.0360', method: 'equal_principal' as const };
const schedule = (): InstallmentPosition[] =>
  buildSchedule({
    ...terms,
    principal: '120000.00',
    termMonths: 12,
    disbursedOn: '2026-01-10',
  }).map((l) => ({ ...l, principalPaid: '0.00', interestPaid: '0.00' }));
const position = (overrides: Partial<LoanPosition> = {}): LoanPosition => ({
  outstandingPrincipal: '120000.00',
  penaltyDue: '0.00',
  startedOn: '2026-01-10',
  installments: schedule(),
  ...overrides,
});

describe('repayment allocation: penalty → overdue interest → overdue principal → current interest → current principal → prepaid', () => {
  it('pays the installment due on the day as the current one', () => {
    expect(
      schedule()
        .slice(0, 2)
        .map((i) => [i.dueOn, i.principal, i.interest]),
    ).toEqual([
      ['2026-02-10', '10000.00', '360.00'],
      ['2026-03-10', '10000.00', '330.00'],
    ]);
    const outcome = allocateRepayment(position(), '10360.00', '2026-02-10', terms);
    expect(outcome.kind === 'allocated' && outcome.allocation).toEqual({
      penalty: '0.00',
      overdueInterest: '0.00',
      overduePrincipal: '0.00',
      currentInterest: '360.00',
      currentPrincipal: '10000.00',
      prepaidPrincipal: '0.00',
    });
    if (outcome.kind !== 'allocated') throw new Error('allocated');
    expect(outcome.outstandingPrincipal).toBe('110000.00');
    expect(outcome.reamortised).toBe(false);
    expect(outcome.cleared).toBe(false);
  });

  it('two installments late with 12.50 of penalty: the penalty first, then both interests, then both principals', () => {
    const late = position({ penaltyDue: '12.50' });
    // On 2026-03-20 the first two are overdue; the third (2026-04-10) is current.
    const outcome = allocateRepayment(late, '10500.00', '2026-03-20', terms);
    if (outcome.kind !== 'allocated') throw new Error('allocated');
    expect(outcome.allocation).toEqual({
      penalty: '12.50',
      overdueInterest: '690.00', // 360 + 330
      overduePrincipal: '9797.50', // what is left, to the first installment's principal
      currentInterest: '0.00',
      currentPrincipal: '0.00',
      prepaidPrincipal: '0.00',
    });
    expect(outcome.installments[0]).toMatchObject({
      principalPaid: '9797.50',
      interestPaid: '360.00',
    });
    expect(outcome.installments[1]).toMatchObject({
      principalPaid: '0.00',
      interestPaid: '330.00',
    });
    expect(outcome.outstandingPrincipal).toBe('110202.50');
  });

  it('refuses more than is payable, and says how much that is', () => {
    // Penalty 0, current interest 360.00, all principal 120,000.00.
    expect(payable(position(), '2026-01-20')).toBe('120360.00');
    expect(allocateRepayment(position(), '120360.01', '2026-01-20', terms)).toEqual({
      kind: 'overpayment',
      payable: '120360.00',
    });
  });
});

describe('prepayment: the rest is re-amortised, keeping the term and lowering the installment', () => {
  it('a partial prepayment of 55,000 with the first installment leaves 11 installments of 5,000', () => {
    const outcome = allocateRepayment(position(), '65360.00', '2026-02-10', terms);
    if (outcome.kind !== 'allocated') throw new Error('allocated');
    expect(outcome.allocation.prepaidPrincipal).toBe('55000.00');
    expect(outcome.outstandingPrincipal).toBe('55000.00');
    expect(outcome.reamortised).toBe(true);
    expect(outcome.installments[0]).toMatchObject({
      principal: '10000.00',
      principalPaid: '10000.00',
    });
    const rest = outcome.installments.slice(1);
    expect(rest).toHaveLength(11);
    expect(rest.map((i) => i.principal)).toEqual(Array(11).fill('5000.00'));
    expect(rest[0]).toMatchObject({ number: 2, dueOn: '2026-03-10', interest: '165.00' }); // 55,000 × 0.3 %
    expect(rest.at(-1)).toMatchObject({ number: 12, dueOn: '2027-01-10' });
  });

  it('paying everything off closes the loan and drops the later installments', () => {
    const outcome = allocateRepayment(position(), '120360.00', '2026-01-20', terms);
    if (outcome.kind !== 'allocated') throw new Error('allocated');
    expect(outcome.outstandingPrincipal).toBe('0.00');
    expect(outcome.cleared).toBe(true);
    expect(outcome.installments).toHaveLength(1);
    expect(outcome.installments[0]).toMatchObject({
      principal: '10000.00',
      principalPaid: '10000.00',
      interestPaid: '360.00',
    });
  });

  it('an equal-installment loan keeps its dates and pays a lower installment after a prepayment', () => {
    const annuity = { annualRate: '0.0360', method: 'equal_installment' as const };
    const lines = buildSchedule({
      ...annuity,
      principal: '120000.00',
      termMonths: 12,
      disbursedOn: '2026-01-10',
    });
    const start: LoanPosition = {
      outstandingPrincipal: '120000.00',
      penaltyDue: '0.00',
      startedOn: '2026-01-10',
      installments: lines.map((l) => ({ ...l, principalPaid: '0.00', interestPaid: '0.00' })),
    };
    const first = lines[0]!;
    const due = (Number(first.principal) + Number(first.interest)).toFixed(2);
    const outcome = allocateRepayment(
      start,
      (Number(due) + 30000).toFixed(2),
      '2026-02-10',
      annuity,
    );
    if (outcome.kind !== 'allocated') throw new Error('allocated');
    const before = Number(lines[1]!.principal) + Number(lines[1]!.interest);
    const after =
      Number(outcome.installments[1]!.principal) + Number(outcome.installments[1]!.interest);
    expect(after).toBeLessThan(before);
    expect(outcome.installments.map((i) => i.dueOn)).toEqual(lines.map((l) => l.dueOn));
  });
});

describe('the current installment is the one whose period holds the payment day', () => {
  it("paying twice in one period: the second is all principal ahead, no later month's interest", () => {
    const first = allocateRepayment(position(), '10360.00', '2026-01-20', terms);
    if (first.kind !== 'allocated') throw new Error('allocated');
    const second = allocateRepayment(
      {
        ...position(),
        outstandingPrincipal: first.outstandingPrincipal,
        installments: first.installments,
      },
      '1000.00',
      '2026-01-25',
      terms,
    );
    if (second.kind !== 'allocated') throw new Error('allocated');
    expect(second.allocation).toMatchObject({
      currentInterest: '0.00',
      currentPrincipal: '0.00',
      prepaidPrincipal: '1000.00',
    });
    expect(second.outstandingPrincipal).toBe('109000.00');
    // Installment 2 is re-amortised on 109,000 over 11 months, its interest on the new balance.
    expect(second.installments[1]).toMatchObject({
      number: 2,
      principal: '9909.09',
      interest: '327.00',
    });
  });

  it('on the disbursement day no period has begun: all principal, the whole schedule re-amortised', () => {
    const outcome = allocateRepayment(position(), '12000.00', '2026-01-10', terms);
    if (outcome.kind !== 'allocated') throw new Error('allocated');
    expect(outcome.allocation).toMatchObject({
      currentInterest: '0.00',
      prepaidPrincipal: '12000.00',
    });
    expect(outcome.installments).toHaveLength(12);
    expect(outcome.installments[0]).toMatchObject({ principal: '9000.00', interest: '324.00' });
    expect(payable(position(), '2026-01-10')).toBe('120000.00');
  });
});
