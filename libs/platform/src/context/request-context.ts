import type { Role } from '@tf/contracts/vocabulary';

/** Who is calling: a staff user (JWT) or a partner's API key, or the system itself (sweeps, relays). */
export type Actor =
  | { kind: 'user'; id: string; roles: Role[] }
  | {
      kind: 'partner';
      id: string;
      apiKeyId: string;
      partnerKind: string;
      scopes: string[];
      /** An `enterprise` partner's own enterprise: its key sees that enterprise and nothing else. */
      enterpriseId?: string;
    }
  | { kind: 'system'; id: string };

/** What travels with every request, from the gateway through NATS headers to each handler. */
export interface RequestContext {
  requestId: string;
  /** Tenant code; absent for platform-level calls (login, tenant list). */
  tenant?: string;
  actor?: Actor;
  idempotencyKey?: string;
}

/**
 * The fields a log line about a request carries: its id, center and caller. Passed explicitly
 * (no AsyncLocalStorage: on Node 20 its promise hooks cost a fifth of a request's CPU; see
 * docs/performance.md).
 */
export function logFields(ctx: Partial<RequestContext>): Record<string, string | undefined> {
  return { requestId: ctx.requestId, tenant: ctx.tenant, actor: actorId(ctx.actor) };
}

export function actorId(actor: Actor | undefined): string {
  return actor ? `${actor.kind}:${actor.id}` : 'anonymous';
}

/**
 * Whom an Idempotency-Key belongs to: keys are per client (an API key or a user), the same
 * scoping the gateway uses, so two clients may use the same key without meeting.
 */
export function idempotencyClientOf(actor: Actor | undefined): string | undefined {
  switch (actor?.kind) {
    case 'partner':
      return `api-key:${actor.apiKeyId}`;
    case 'user':
      return `user:${actor.id}`;
    case 'system':
      return `system:${actor.id}`;
    case undefined:
      return undefined;
  }
}

/**
 * An SME's own key sees its enterprise and what concerns it, nothing else of its center. Returns
 * null for callers not held to one enterprise; otherwise the enterprise they are held to, or null
 * inside when the partner names none (an enterprise partner registered before the rule sees
 * nothing).
 */
export function smeScope(actor: Actor | undefined): { enterpriseId: string | null } | null {
  if (actor?.kind !== 'partner' || actor.partnerKind !== 'enterprise') return null;
  return { enterpriseId: actor.enterpriseId ?? null };
}

/**
 * A partner sees what it asked for (a bank never a rival bank's, an SME's key never another
 * SME's); the center's staff see all of their center's. `askedBy` is the partner a row records as
 * having asked for it, null when staff did.
 */
export function visibleTo(actor: Actor | undefined, askedBy: string | null): boolean {
  return actor?.kind !== 'partner' || askedBy === actor.id;
}

/** For a list: the partner whose rows alone the caller sees; undefined for staff (all of them). */
export function ownPartner(actor: Actor | undefined): string | undefined {
  return actor?.kind === 'partner' ? actor.id : undefined;
}

export function hasRole(actor: Actor | undefined, ...roles: Role[]): boolean {
  return actor?.kind === 'user' && actor.roles.some((role) => roles.includes(role));
}
