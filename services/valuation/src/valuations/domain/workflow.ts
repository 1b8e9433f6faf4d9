/**
 * The valuation lifecycle as rules over plain values (the service applies them under locks):
 *
 *   computed ──approve──▶ approved ──(validity ends)──▶ expired
 *      │                     └──(its holder's approved revaluation)──▶ superseded
 *      ├──reject──▶ rejected
 *      └──(its holder asks again for the same set)──▶ superseded
 *
 * A valuation is held by whoever asked for it: a partner (its API key) or the center (its staff).
 * Nothing one holder does changes another holder's valuation; an approved valuation that may back
 * a pledge is replaced only by its holder's approved revaluation.
 */
import { addMonths } from '@tf/core';
import type { Purpose, ValuationStatus } from '@tf/contracts/vocabulary';

export { VALUATION_STATUSES, type ValuationStatus } from '@tf/contracts/vocabulary';

/** Who decides, as the workflow needs to know them. */
export interface Decider {
  kind: 'user' | 'partner' | 'system';
  /** "user:<id>", the same key a valuation records as its preparer. */
  key: string;
  roles: readonly string[];
}

export type Refusal =
  /** Approvals and rejections are an analyst's: never a partner key, never a platform admin. */
  | { reason: 'not-an-analyst' }
  /** The approver must not be the preparer. */
  | { reason: 'four-eyes' }
  /** A rejection says why. */
  | { reason: 'no-reason' }
  | { reason: 'not-computed'; status: ValuationStatus }
  /** Its validity would already have ended. */
  | { reason: 'stale'; validUntil: string }
  /** Another valuation holds these assets' live pledge value. */
  | { reason: 'pledge-value-held'; assets: string[] };

/** The holder of a valuation asked for by this actor. */
export function holderOf(actor: { kind: string; id: string } | undefined): string {
  return actor?.kind === 'partner' ? `partner:${actor.id}` : 'center';
}

/** The valuations one holder has of one set of assets, for one enterprise and purpose. */
export interface ValuationSet {
  holder: string;
  enterpriseId: string;
  purpose: Purpose;
  assetKey: string;
}

/**
 * What a new request replaces: its holder's pending (computed) valuation of the same set, and
 * nothing else: not an approved one (it may back a pledge), not another holder's.
 */
export function replacedByRequest(set: ValuationSet): ValuationSet & { status: 'computed' } {
  return Object.assign({}, set, { status: 'computed' as const });
}

/** An approval's validity: the policy's months from the reference date, through that day. */
export function validityEnd(referenceDate: string, validityMonths: number): string {
  return addMonths(referenceDate, validityMonths);
}

/** Whether a validity ending on `validUntil` has ended by `today` (it is valid through that day). */
export function hasExpired(validUntil: string, today: string): boolean {
  return validUntil < today;
}

/** Whether `decider` may approve or reject a valuation in `status`. */
export function decisionRefusal(decider: Decider, status: ValuationStatus): Refusal | null {
  if (decider.kind !== 'user' || !decider.roles.includes('analyst'))
    return { reason: 'not-an-analyst' };
  if (status !== 'computed') return { reason: 'not-computed', status };
  return null;
}

/** Whether `decider` may approve: as for any decision, plus four eyes and a validity still to come. */
export function approvalRefusal(
  decider: Decider,
  valuation: { status: ValuationStatus; preparedBy: string },
  validUntil: string,
  today: string,
): Refusal | null {
  const refused = decisionRefusal(decider, valuation.status);
  if (refused) return refused;
  if (valuation.preparedBy === decider.key) return { reason: 'four-eyes' };
  if (hasExpired(validUntil, today)) return { reason: 'stale', validUntil };
  return null;
}

/** Whether `decider` may reject: as for any decision, with a reason that says something. */
export function rejectionRefusal(
  decider: Decider,
  status: ValuationStatus,
  reason: string,
): Refusal | null {
  return decisionRefusal(decider, status) ?? (reason.trim() ? null : { reason: 'no-reason' });
}

/**
 * What approving a valuation replaces: its holder's approved valuations of the same set (found by
 * the service). A pledge valuation may not take an asset whose live pledge value another
 * valuation holds, unless that one is among those it replaces.
 */
export function planApproval(
  purpose: string,
  sameSetApproved: readonly string[],
  livePledges: readonly { valuationId: string; identity: string }[],
): { supersedes: string[] } | Refusal {
  if (purpose === 'pledge') {
    const held = livePledges.filter((p) => !sameSetApproved.includes(p.valuationId));
    if (held.length > 0)
      return {
        reason: 'pledge-value-held',
        assets: [...new Set(held.map((p) => p.identity))].sort(),
      };
  }
  return { supersedes: [...sameSetApproved] };
}
