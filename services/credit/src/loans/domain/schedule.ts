import { addMonths, formatMoney, Money } from '@tf/core';
import type { Installment, RepaymentMethod } from './types';

/**
 * Monthly schedules on a 30/360 basis (DOMAIN.md "Credit"): every month is 30 days of a 360-day
 * year, so a month's interest is the balance × the annual rate / 12, rounded half-up to the cent.
 *
 * - equal installment (annuity): payment = P·i / (1 − (1+i)^−n), i = annual / 12, rounded to the
 *   cent; each month's principal is the payment less its interest; the last takes the rounding.
 * - equal principal: P / n a month (to the cent, the last takes the rest) plus interest on the
 *   balance.
 * - interest only: interest monthly, the principal with the last installment.
 *
 * The principal column always sums exactly to the principal.
 */

/** The contract rate: the center's LPR plus the product's spread, fixed at disbursement. */
export function contractRate(loanPrimeRate: string, spread: string): string {
  return new Money(loanPrimeRate).plus(spread).toFixed();
}

/** Due dates: the same day of each following month (clamped to a short month's end), never drifting. */
export function dueDates(disbursedOn: string, termMonths: number): string[] {
  return Array.from({ length: termMonths }, (_, k) => addMonths(disbursedOn, k + 1));
}

export function buildSchedule(terms: {
  principal: string;
  annualRate: string;
  termMonths: number;
  method: RepaymentMethod;
  disbursedOn: string;
}): Installment[] {
  return amortise(
    terms.principal,
    terms.annualRate,
    terms.method,
    dueDates(terms.disbursedOn, terms.termMonths),
    1,
  );
}

/**
 * A balance spread over the given due dates by the method: the schedule of a new loan, or the
 * rest of one after a prepayment (same dates, same rate, a lower installment).
 */
export function amortise(
  balance: string,
  annualRate: string,
  method: RepaymentMethod,
  dates: readonly string[],
  firstNumber: number,
): Installment[] {
  const n = dates.length;
  if (n === 0) return [];
  const i = new Money(annualRate).dividedBy(12);
  const cents = (value: Money) => new Money(formatMoney(value));
  const payment =
    method === 'equal_installment'
      ? cents(
          i.isZero()
            ? new Money(balance).dividedBy(n)
            : new Money(balance).times(i).dividedBy(new Money(1).minus(i.plus(1).pow(-n))),
        )
      : new Money(0);
  const equalPart = cents(new Money(balance).dividedBy(n));
  let remaining = new Money(balance);
  return dates.map((dueOn, k) => {
    const last = k === n - 1;
    const interest = cents(remaining.times(i));
    let principal: Money;
    if (last) principal = remaining;
    else if (method === 'equal_installment') principal = Money.max(payment.minus(interest), 0);
    else if (method === 'equal_principal') principal = equalPart;
    else principal = new Money(0);
    principal = Money.min(principal, remaining);
    remaining = remaining.minus(principal);
    return {
      number: firstNumber + k,
      dueOn,
      principal: formatMoney(principal),
      interest: formatMoney(interest),
    };
  });
}
