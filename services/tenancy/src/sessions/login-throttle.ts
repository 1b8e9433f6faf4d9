/**
 * Per-account login throttling: every attempt on a username counts before its password is
 * checked, so parallel guesses cannot slip past the count; from the fifth failure in a row the
 * account is locked for 30 s, doubling with each further failure up to 15 minutes. A success
 * clears the count. The count is per username, known or not, so a lock says nothing about
 * whether the account exists; and per account, not per address, so spreading guesses over many
 * addresses gains nothing.
 */
export const FAILURES_BEFORE_LOCK = 5;
const FIRST_LOCK_MS = 30_000;
const LONGEST_LOCK_MS = 15 * 60_000;

/** How long the account stays locked after `failures` attempts in a row, or 0 while under the threshold. */
export function lockDurationMs(failures: number): number {
  if (failures < FAILURES_BEFORE_LOCK) return 0;
  return Math.min(LONGEST_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FAILURES_BEFORE_LOCK));
}

export type AttemptDecision =
  | { allowed: true; failures: number; lockedUntil: Date | null }
  | { allowed: false; retryAfterSeconds: number };

/**
 * One more attempt on an account with `failures` so far and a lock until `lockedUntil`: refused
 * while locked (and not counted), otherwise counted, and the lock that its failure would bring set
 * at once (a success clears it).
 */
export function decideAttempt(
  previous: { failures: number; lockedUntil: Date | null },
  now: Date,
): AttemptDecision {
  if (previous.lockedUntil && previous.lockedUntil > now) {
    return {
      allowed: false,
      retryAfterSeconds: Math.ceil((previous.lockedUntil.getTime() - now.getTime()) / 1000),
    };
  }
  const failures = previous.failures + 1;
  const lock = lockDurationMs(failures);
  return {
    allowed: true,
    failures,
    lockedUntil: lock > 0 ? new Date(now.getTime() + lock) : null,
  };
}
