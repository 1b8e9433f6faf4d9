import type { Role } from '@tf/contracts';
import type { Actor, RequestContext } from '@tf/platform';
import { header, type HttpRequest } from '../http/http-types';
import { requestIdOf } from '../http/request-id';

/** Who made an HTTP request and for which center, as resolved by the AuthGuard. */
export interface Principal {
  actor: Exclude<Actor, { kind: 'system' }>;
  /** The center the request acts in; absent only for a platform admin who named none. */
  tenant?: string;
  /** Rate limits and idempotency keys are per client: an API key or a user. */
  clientId: string;
  /** A staff token's session (logout ends it). */
  sessionId?: string;
  /** A staff token's username, for the audit trail (ids alone do not tell an auditor who). */
  username?: string;
}

const PRINCIPAL = Symbol('tf:principal');

export function setPrincipal(request: HttpRequest, principal: Principal): void {
  (request as unknown as Record<symbol, Principal>)[PRINCIPAL] = principal;
}

export function principalOf(request: HttpRequest): Principal | undefined {
  return (request as unknown as Record<symbol, Principal | undefined>)[PRINCIPAL];
}

export function isPlatformAdmin(principal: Principal): boolean {
  return principal.actor.kind === 'user' && principal.actor.roles.includes('platform-admin');
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.actor.kind === 'user' && principal.actor.roles.some((r) => roles.includes(r));
}

/** The context forwarded over NATS for this request. */
export function requestContext(request: HttpRequest): RequestContext {
  const principal = principalOf(request);
  // Idempotency-Keys are a POST's (API.md); the services record them for their commands.
  const idempotencyKey = request.method === 'POST' ? header(request, 'idempotency-key') : undefined;
  return {
    requestId: requestIdOf(request),
    tenant: principal?.tenant,
    actor: principal?.actor,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
}
