import { Money } from '@tf/core';
import type { GuaranteeStatus } from '@tf/contracts/vocabulary';

/** What the credit and trading services tell a guarantee about its loan. */
export type LoanEvent = 'disbursed' | 'repaid' | 'closed' | 'defaulted' | 'collateral-sold';

/**
 * The states each loan event moves a guarantee from (DOMAIN.md: approved → active → released |
 * claimed → recovering → closed). In any other state the event is not the guarantee's business:
 * a loan disbursed against a guarantee never approved, or a repayment after the claim.
 */
const APPLIES_TO: Record<LoanEvent, readonly GuaranteeStatus[]> = {
  disbursed: ['approved'],
  repaid: ['active'],
  closed: ['active'],
  defaulted: ['active'],
  'collateral-sold': ['claimed', 'recovering'],
};

export function appliesTo(event: LoanEvent, status: GuaranteeStatus): boolean {
  return APPLIES_TO[event].includes(status);
}

/**
 * Whether an event reached the guarantee before the one it follows: credit repays, closes or
 * defaults a loan only after disbursing it, and trading sells a pledge only after the default,
 * but each event type has a consumer of its own, so a loan disbursed and paid off at once may be
 * heard of closed first. Such an event is handled again later (redelivered), not ignored.
 */
export function arrivedEarly(
  event: LoanEvent,
  status: GuaranteeStatus,
  guaranteeLoanId: string | null,
  eventLoanId: string,
): boolean {
  if (event === 'collateral-sold') return status === 'active' && guaranteeLoanId === eventLoanId;
  if (event === 'disbursed') return false;
  return status === 'approved' && guaranteeLoanId === null;
}

/**
 * The liability left after a repayment: the loan's outstanding principal × coverageRatio, to the
 * cent, never above what it was (repayments arriving out of order never raise it) nor below 0.
 */
export function liabilityAfterRepayment(
  current: string,
  outstandingPrincipal: string,
  coverageRatio: string,
): string {
  const covered = Money.max(new Money(outstandingPrincipal), 0)
    .times(coverageRatio)
    .toDecimalPlaces(2, Money.ROUND_HALF_UP);
  return Money.min(covered, current).toFixed(2);
}

/** A claim is paid back in recoveries; once they reach it, the guarantee is closed. */
export function statusAfterRecovery(claim: string, recoveredTotal: string): GuaranteeStatus {
  return new Money(recoveredTotal).greaterThanOrEqualTo(claim) ? 'closed' : 'recovering';
}

/** The day a claim's payout falls due: the default plus the policy's waiting period. */
export function payableOn(defaultedOn: string, waitingDays: number): string {
  const day = new Date(`${defaultedOn}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) throw new RangeError(`not a date: "${defaultedOn}"`);
  day.setUTCDate(day.getUTCDate() + waitingDays);
  return day.toISOString().slice(0, 10);
}
