import { AsyncLocalStorage } from 'node:async_hooks';

export const ROLES = ['platform-admin', 'center-admin', 'analyst', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a center gives its own staff; platform-admin is not one of them. */
export const CENTER_ROLES = [
  'center-admin',
  'analyst',
  'auditor',
] as const satisfies readonly Role[];

/** Who is calling: a staff user (JWT) or a partner's API key, or the system itself (sweeps, relays). */
export type Actor =
  | { kind: 'user'; id: string; roles: Role[] }
  | { kind: 'partner'; id: string; apiKeyId: string; partnerKind: string; scopes: string[] }
  | { kind: 'system'; id: string };

/** What travels with every request, from the gateway through NATS headers to each handler. */
export interface RequestContext {
  requestId: string;
  /** Tenant code; absent for platform-level calls (login, tenant list). */
  tenant?: string;
  actor?: Actor;
  idempotencyKey?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs fn with ctx as the current context: logs pick up its request id and tenant. */
export function runInContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function actorId(actor: Actor | undefined): string {
  return actor ? `${actor.kind}:${actor.id}` : 'anonymous';
}

export function hasRole(actor: Actor | undefined, ...roles: Role[]): boolean {
  return actor?.kind === 'user' && actor.roles.some((role) => roles.includes(role));
}
