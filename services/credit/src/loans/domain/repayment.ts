import { formatMoney, Money, sumMoney } from '@tf/core';
import { amortise } from './schedule';
import type { Allocation, InstallmentPosition, RepaymentMethod } from './types';

/**
 * A repayment, allocated in the order DOMAIN.md gives: penalty interest → overdue interest →
 * overdue principal → current interest → current principal, then principal paid ahead.
 *
 * - Overdue: every unsettled installment due before the payment day, oldest first.
 * - Current: the unsettled installment whose period holds the payment day (after the previous due
 *   date, or the disbursement, and up to its own). Paying within a period pays that installment.
 * - Ahead: what is left lowers the principal, and the installments after the payment day's
 *   period are re-amortised on what is still owed on them, keeping their dates (the term is kept,
 *   the installment falls). Installments of later periods are never paid directly: their
 *   interest is not owed yet. On the disbursement day itself no period has begun, so everything
 *   paid is principal and the whole schedule is re-amortised.
 *
 * What the installments still ask for is always the outstanding principal; the principal column
 * sums to the principal when the schedule is written, and to the principal less what was paid
 * ahead after a prepayment (the repayment records keep that).
 */

export interface LoanPosition {
  outstandingPrincipal: string;
  /** Penalty interest accrued and not yet paid (accrued up to the payment date first). */
  penaltyDue: string;
  /** The disbursement day: where the first installment's period begins. */
  startedOn: string;
  installments: InstallmentPosition[];
}

export type RepaymentOutcome =
  | {
      kind: 'allocated';
      allocation: Allocation;
      /** The whole amount to principal: overdue + current + ahead. */
      principalPaid: string;
      /** Overdue + current interest. */
      interestPaid: string;
      outstandingPrincipal: string;
      installments: InstallmentPosition[];
      /** Nothing is owed any more: the loan closes. */
      cleared: boolean;
      /** The installments after the payment day's period were recomputed. */
      reamortised: boolean;
    }
  | { kind: 'overpayment'; payable: string };

const unpaidPrincipal = (i: InstallmentPosition) => new Money(i.principal).minus(i.principalPaid);
const unpaidInterest = (i: InstallmentPosition) => new Money(i.interest).minus(i.interestPaid);
const isSettled = (i: InstallmentPosition) =>
  unpaidPrincipal(i).isZero() && unpaidInterest(i).isZero();

/** The most a repayment on `paidOn` may be: penalty, overdue and current interest, all principal. */
export function payable(position: LoanPosition, paidOn: string): string {
  const { overdue, current } = split(position, paidOn);
  const interest = sumMoney([...overdue, ...(current ? [current] : [])].map(unpaidInterest));
  return formatMoney(
    new Money(position.penaltyDue).plus(interest).plus(position.outstandingPrincipal),
  );
}

export function allocateRepayment(
  position: LoanPosition,
  amount: string,
  paidOn: string,
  terms: { annualRate: string; method: RepaymentMethod },
): RepaymentOutcome {
  const most = payable(position, paidOn);
  if (new Money(amount).greaterThan(most)) return { kind: 'overpayment', payable: most };

  const installments = position.installments.map((i) => ({ ...i }));
  const working: LoanPosition = Object.assign({}, position, { installments });
  let left = new Money(amount);
  const take = (owed: Money): Money => {
    const paid = Money.min(left, owed);
    left = left.minus(paid);
    return paid;
  };
  const { overdue, current, pivot } = split(working, paidOn);

  const penalty = take(new Money(position.penaltyDue));
  let overdueInterest = new Money(0);
  for (const i of overdue) {
    const paid = take(unpaidInterest(i));
    i.interestPaid = formatMoney(new Money(i.interestPaid).plus(paid));
    overdueInterest = overdueInterest.plus(paid);
  }
  let overduePrincipal = new Money(0);
  for (const i of overdue) {
    const paid = take(unpaidPrincipal(i));
    i.principalPaid = formatMoney(new Money(i.principalPaid).plus(paid));
    overduePrincipal = overduePrincipal.plus(paid);
  }
  let currentInterest = new Money(0);
  let currentPrincipal = new Money(0);
  if (current) {
    currentInterest = take(unpaidInterest(current));
    current.interestPaid = formatMoney(new Money(current.interestPaid).plus(currentInterest));
    currentPrincipal = take(unpaidPrincipal(current));
    current.principalPaid = formatMoney(new Money(current.principalPaid).plus(currentPrincipal));
  }
  const ahead = left;
  const principalPaid = overduePrincipal.plus(currentPrincipal).plus(ahead);
  const outstanding = new Money(position.outstandingPrincipal).minus(principalPaid);
  const reamortised = ahead.greaterThan(0);
  const schedule = reamortised
    ? reamortiseAfter(installments, pivot, outstanding, terms)
    : installments;

  return {
    kind: 'allocated',
    allocation: {
      penalty: formatMoney(penalty),
      overdueInterest: formatMoney(overdueInterest),
      overduePrincipal: formatMoney(overduePrincipal),
      currentInterest: formatMoney(currentInterest),
      currentPrincipal: formatMoney(currentPrincipal),
      prepaidPrincipal: formatMoney(ahead),
    },
    principalPaid: formatMoney(principalPaid),
    interestPaid: formatMoney(overdueInterest.plus(currentInterest)),
    outstandingPrincipal: formatMoney(outstanding),
    installments: schedule,
    cleared: outstanding.isZero() && schedule.every(isSettled),
    reamortised,
  };
}

/**
 * The installments after `pivot` (those of periods not begun on the payment day, never paid
 * into), recomputed for what is still owed on them: the outstanding principal less what the
 * earlier installments still ask for. Paid off, they leave the schedule.
 */
function reamortiseAfter(
  installments: InstallmentPosition[],
  pivot: number,
  outstanding: Money,
  terms: { annualRate: string; method: RepaymentMethod },
): InstallmentPosition[] {
  const kept = installments.filter((i) => i.number <= pivot);
  const rest = installments.filter((i) => i.number > pivot);
  const balance = outstanding.minus(sumMoney(kept.map(unpaidPrincipal)));
  if (rest.length === 0 || balance.isZero()) return kept;
  const recomputed = amortise(
    formatMoney(balance),
    terms.annualRate,
    terms.method,
    rest.map((i) => i.dueOn),
    rest[0]?.number ?? pivot + 1,
  );
  return [
    ...kept,
    ...recomputed.map((i) => Object.assign({}, i, { principalPaid: '0.00', interestPaid: '0.00' })),
  ];
}

/**
 * The unsettled installments due before the day (oldest first); the unsettled one whose period
 * holds the day; and the pivot, the number of the installment whose period holds the day
 * (settled or not), 0 before any period began, the last one after maturity.
 */
function split(
  position: LoanPosition,
  paidOn: string,
): { overdue: InstallmentPosition[]; current: InstallmentPosition | undefined; pivot: number } {
  const ordered = [...position.installments].sort((a, b) => a.number - b.number);
  let pivot =
    ordered.length > 0 && paidOn > (ordered.at(-1)?.dueOn ?? '')
      ? (ordered.at(-1)?.number ?? 0)
      : 0;
  let current: InstallmentPosition | undefined;
  ordered.forEach((installment, k) => {
    const start = k === 0 ? position.startedOn : (ordered[k - 1]?.dueOn ?? position.startedOn);
    if (start < paidOn && paidOn <= installment.dueOn) {
      pivot = installment.number;
      if (!isSettled(installment)) current = installment;
    }
  });
  return {
    overdue: ordered.filter((i) => !isSettled(i) && i.dueOn < paidOn),
    current,
    pivot,
  };
}
