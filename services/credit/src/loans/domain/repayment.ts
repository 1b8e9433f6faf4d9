import { formatMoney, Money, sumMoney } from '@tf/core';
import { amortise } from './schedule';
import type { Allocation, InstallmentPosition, RepaymentMethod } from './types';

/**
 * A repayment, allocated in the order DOMAIN.md gives: penalty interest → overdue interest →
 * overdue principal → current interest → current principal. "Overdue" is every installment due
 * before the payment date, oldest first; "current" is the first unpaid installment due on or after
 * it. What is left after the current installment is principal paid ahead, booked on the current
 * installment; the installments after it are re-amortised on the lower balance, keeping their
 * dates (the term is kept, the installment falls). Future installments' interest is not owed and
 * cannot be paid. The principal column always sums to the loan's principal.
 */

export interface LoanPosition {
  outstandingPrincipal: string;
  /** Penalty interest accrued and not yet paid (accrued up to the payment date first). */
  penaltyDue: string;
  installments: InstallmentPosition[];
}

export type RepaymentOutcome =
  | {
      kind: 'allocated';
      allocation: Allocation;
      /** The whole amount to principal: overdue + current + prepaid. */
      principalPaid: string;
      /** Overdue + current interest. */
      interestPaid: string;
      outstandingPrincipal: string;
      installments: InstallmentPosition[];
      /** Nothing is owed any more: the loan closes. */
      cleared: boolean;
      /** The installments after the current one were recomputed. */
      reamortised: boolean;
    }
  | { kind: 'overpayment'; payable: string };

const unpaidPrincipal = (i: InstallmentPosition) => new Money(i.principal).minus(i.principalPaid);
const unpaidInterest = (i: InstallmentPosition) => new Money(i.interest).minus(i.interestPaid);
const isSettled = (i: InstallmentPosition) =>
  unpaidPrincipal(i).isZero() && unpaidInterest(i).isZero();

/** The most a repayment on `paidOn` may be: penalty, overdue and current interest, all principal. */
export function payable(position: LoanPosition, paidOn: string): string {
  const { overdue, current } = split(position.installments, paidOn);
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
  let left = new Money(amount);
  const take = (owed: Money): Money => {
    const paid = Money.min(left, owed);
    left = left.minus(paid);
    return paid;
  };
  const { overdue, current } = split(installments, paidOn);

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
  const prepaid = left;
  const principalPaid = overduePrincipal.plus(currentPrincipal).plus(prepaid);
  const outstanding = new Money(position.outstandingPrincipal).minus(principalPaid);

  let schedule = installments;
  const reamortised = prepaid.greaterThan(0);
  if (reamortised && current) {
    // Paid ahead in the current installment's month: the principal column still sums to the
    // principal, and what the installments still ask for is still what is outstanding.
    current.principal = formatMoney(new Money(current.principal).plus(prepaid));
    current.principalPaid = formatMoney(new Money(current.principalPaid).plus(prepaid));
    schedule = reamortiseAfter(installments, current, outstanding, terms);
  }

  return {
    kind: 'allocated',
    allocation: {
      penalty: formatMoney(penalty),
      overdueInterest: formatMoney(overdueInterest),
      overduePrincipal: formatMoney(overduePrincipal),
      currentInterest: formatMoney(currentInterest),
      currentPrincipal: formatMoney(currentPrincipal),
      prepaidPrincipal: formatMoney(prepaid),
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
 * The installments after the current one (or after the last one due, when all are overdue and
 * paid), recomputed for what is still outstanding on them. Those already settled stay as they are.
 */
function reamortiseAfter(
  installments: InstallmentPosition[],
  current: InstallmentPosition | undefined,
  outstanding: Money,
  terms: { annualRate: string; method: RepaymentMethod },
): InstallmentPosition[] {
  const pivot = current?.number ?? 0;
  const kept = installments.filter((i) => i.number <= pivot);
  const rest = installments.filter((i) => i.number > pivot);
  // Principal still owed on the kept ones (none when the payment reached past them).
  const owedOnKept = sumMoney(kept.map(unpaidPrincipal));
  const balance = outstanding.minus(owedOnKept);
  // Paid off: the later installments are owed nothing and leave the schedule.
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
    ...recomputed.map((i) => ({ ...i, principalPaid: '0.00', interestPaid: '0.00' })),
  ];
}

/** Installments due before the day (unsettled, oldest first), and the first unsettled one after. */
function split(
  installments: InstallmentPosition[],
  paidOn: string,
): { overdue: InstallmentPosition[]; current: InstallmentPosition | undefined } {
  const open = installments.filter((i) => !isSettled(i)).sort((a, b) => a.number - b.number);
  return {
    overdue: open.filter((i) => i.dueOn < paidOn),
    current: open.find((i) => i.dueOn >= paidOn),
  };
}
