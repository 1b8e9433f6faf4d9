import { formatMoney, Money, sumMoney } from '@tf/core';
import type { ClassificationThresholds, InstallmentPosition, LoanClassification } from './types';

/**
 * Days past due, the five categories and penalty interest (DOMAIN.md "Credit"): a loan is as late
 * as its oldest unsettled installment; past 90 days it is non-performing. Penalty interest runs on
 * overdue principal only, at the penalty rate (1.5 × the contract rate by default) per actual day
 * over a 360-day year, the convention of Chinese bank daily rates (日利率 = 年利率 / 360).
 */

const DAY_MS = 86_400_000;

/** Whole days from one "YYYY-MM-DD" to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const unsettled = (i: InstallmentPosition) =>
  new Money(i.principal).greaterThan(i.principalPaid) ||
  new Money(i.interest).greaterThan(i.interestPaid);

/** Days since the oldest installment still owed fell due; 0 when none is overdue on `asOf`. */
export function daysPastDue(installments: readonly InstallmentPosition[], asOf: string): number {
  const oldest = installments
    .filter((i) => unsettled(i) && i.dueOn < asOf)
    .reduce<
      string | undefined
    >((min, i) => (min === undefined || i.dueOn < min ? i.dueOn : min), undefined);
  return oldest ? daysBetween(oldest, asOf) : 0;
}

/** The class of a loan so many days past due. */
export function classify(days: number, thresholds: ClassificationThresholds): LoanClassification {
  if (days >= thresholds.lossFromDays) return 'loss';
  if (days >= thresholds.doubtfulFromDays) return 'doubtful';
  if (days >= thresholds.substandardFromDays) return 'substandard';
  if (days >= thresholds.specialMentionFromDays) return 'special_mention';
  return 'normal';
}

/**
 * Non-performing (substandard or worse) means defaulted. A loan that has defaulted stays at least
 * substandard until it is closed: catching up on arrears does not make it performing again by
 * itself (the 2023 rules ask for a sustained record before an upgrade, which a run cannot see).
 */
export function classifyLoan(
  days: number,
  thresholds: ClassificationThresholds,
  alreadyDefaulted: boolean,
): { classification: LoanClassification; defaulted: boolean } {
  const classification = classify(days, thresholds);
  const performing = classification === 'normal' || classification === 'special_mention';
  if (alreadyDefaulted && performing) return { classification: 'substandard', defaulted: true };
  return { classification, defaulted: alreadyDefaulted || !performing };
}

/**
 * Penalty interest on overdue principal from `from` (exclusive of days already charged) to `to`:
 * each installment's unpaid principal, from the later of its due date and `from`, at the annual
 * penalty rate / 360 per day; rounded half-up to the cent once, over the whole period.
 */
export function penaltyInterest(
  installments: readonly InstallmentPosition[],
  penaltyRate: string,
  from: string,
  to: string,
): string {
  const daily = new Money(penaltyRate).dividedBy(360);
  const accrued = sumMoney(
    installments.map((i) => {
      const owed = new Money(i.principal).minus(i.principalPaid);
      if (owed.lessThanOrEqualTo(0) || i.dueOn >= to) return 0;
      const start = i.dueOn > from ? i.dueOn : from;
      const days = daysBetween(start, to);
      return days > 0 ? owed.times(daily).times(days) : 0;
    }),
  );
  return formatMoney(accrued);
}

/** The penalty rate of a contract rate under the policy's multiplier. */
export function penaltyRateOf(annualRate: string, multiplier: string): string {
  return new Money(annualRate).times(multiplier).toFixed();
}
