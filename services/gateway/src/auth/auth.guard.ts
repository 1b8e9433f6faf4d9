import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role, tenancy } from '@tf/contracts';
import { CommonErrors, DomainError, IS_PUBLIC, notFound, type Actor } from '@tf/platform';
import { header, type HttpRequest } from '../http/http-types';
import { requestIdOf } from '../http/request-id';
import { ACCESS_RULE, type AccessRule } from './allow.decorator';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { FailureLimiter } from './failure-limiter';
import { hasAnyRole, isPlatformAdmin, setPrincipal, type Principal } from './principal';
import { SessionChecker } from './session-checker';
import { TenantDirectory } from './tenant-directory';

type PartnerActor = Extract<Actor, { kind: 'partner' }>;

/** Claims of a staff access token (POST /auth/token). */
export interface StaffClaims {
  sub: string;
  username: string;
  roles: Role[];
  /** Null for a platform admin. */
  tenant: string | null;
  /** The session the token belongs to: logging out or disabling the user ends it. */
  sid: string;
}

/**
 * The actor of a verified key: one object per cached answer, never changed, so its NATS header
 * is written once per key rather than once per request (contextToHeaders).
 */
const partnerActors = new WeakMap<tenancy.ApiKeyPrincipal, PartnerActor>();

function partnerActor(key: tenancy.ApiKeyPrincipal): PartnerActor {
  let actor = partnerActors.get(key);
  if (!actor) {
    actor = Object.freeze({
      kind: 'partner',
      id: key.partnerId,
      apiKeyId: key.apiKeyId,
      partnerKind: key.partnerKind,
      scopes: key.scopes,
      ...(key.enterpriseId ? { enterpriseId: key.enterpriseId } : {}),
    });
    partnerActors.set(key, actor);
  }
  return actor;
}

/** "Bearer <token>" and nothing else. */
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/**
 * Authenticates (API key or staff JWT with a live session), resolves the center, and applies the
 * route's @Allow rule. A route with neither @Public() nor @Allow() is refused outright, and a test
 * walks every route to make sure none is left without one. Failed authentications count against
 * the client's address (FailureLimiter), so guessing costs 429s, not lookups.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly sessions: SessionChecker,
    private readonly failures: FailureLimiter,
    private readonly jwt: JwtService,
    private readonly tenants: TenantDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, targets);
    if (!rule)
      throw new DomainError(CommonErrors.ROUTE_NOT_GUARDED, 'this route declares no access rule');

    const request = context.switchToHttp().getRequest<HttpRequest>();
    const address = request.ip ?? 'unknown';
    this.failures.assertAllowed(address);
    let principal: Principal;
    try {
      principal = await this.authenticate(request);
    } catch (error) {
      if (error instanceof DomainError && error.status === 401)
        this.failures.recordFailure(address);
      throw error;
    }
    // Set before it is authorised, so a refusal (role, scope, center) is recorded with who tried;
    // its tenant is the one it authenticated with until the center is resolved.
    setPrincipal(request, principal);
    this.authorize(principal, rule);
    principal.tenant = await this.resolveTenant(request, principal, rule);
    return true;
  }

  private async authenticate(request: HttpRequest): Promise<Principal> {
    const apiKey = header(request, 'x-api-key');
    if (apiKey) {
      const key = await this.apiKeys.authenticate(apiKey, requestIdOf(request));
      return { actor: partnerActor(key), tenant: key.tenant, clientId: `api-key:${key.apiKeyId}` };
    }
    const authorization = header(request, 'authorization');
    if (authorization) {
      const token = BEARER.exec(authorization)?.[1];
      if (!token)
        throw new DomainError(
          CommonErrors.UNAUTHENTICATED,
          'Authorization must be "Bearer <token>"',
        );
      let claims: StaffClaims;
      try {
        claims = await this.jwt.verifyAsync<StaffClaims>(token);
      } catch {
        throw new DomainError(CommonErrors.INVALID_TOKEN, 'the access token is invalid or expired');
      }
      if (typeof claims.sid !== 'string')
        throw new DomainError(
          CommonErrors.INVALID_TOKEN,
          'the access token names no session; log in again',
        );
      await this.sessions.assertActive(claims.sid, requestIdOf(request));
      return {
        actor: { kind: 'user', id: claims.sub, roles: claims.roles },
        tenant: claims.tenant ?? undefined,
        clientId: `user:${claims.sub}`,
        sessionId: claims.sid,
        username: claims.username,
      };
    }
    throw new DomainError(
      CommonErrors.NO_CREDENTIALS,
      'send X-API-Key, or Authorization: Bearer <token> from POST /api/v1/auth/token',
    );
  }

  /** Keys by scope, staff by role; a platform admin only where the route lists it. */
  private authorize(principal: Principal, rule: AccessRule): void {
    if (principal.actor.kind === 'partner') {
      const scopes = principal.actor.scopes;
      if (!rule.scopes?.some((scope) => scopes.includes(scope))) {
        throw new DomainError(
          CommonErrors.SCOPE_MISSING,
          `this API key's scopes do not allow this${rule.scopes?.length ? ` (needs ${rule.scopes.join(' or ')})` : ' (staff only)'}`,
        );
      }
      return;
    }
    if (!hasAnyRole(principal, rule.roles)) {
      throw new DomainError(
        CommonErrors.ROLE_MISSING,
        rule.roles.length
          ? `needs the role ${rule.roles.join(' or ')}`
          : 'only a partner API key may do this, no staff role',
      );
    }
  }

  /** A key's tenant always; a user's own; a platform admin names one with X-Tenant-Id. */
  private async resolveTenant(
    request: HttpRequest,
    principal: Principal,
    rule: AccessRule,
  ): Promise<string | undefined> {
    let tenant = principal.tenant;
    if (isPlatformAdmin(principal)) {
      tenant = header(request, 'x-tenant-id') || undefined;
      if (!tenant && rule.tenant !== 'optional') {
        throw new DomainError(
          CommonErrors.TENANT_REQUIRED,
          'a platform admin must name the center with the X-Tenant-Id header',
          {
            fields: [
              { field: 'X-Tenant-Id', message: 'is required for a platform admin on this route' },
            ],
          },
        );
      }
    }
    if (tenant && !(await this.tenants.isServed(tenant, requestIdOf(request))))
      throw notFound(CommonErrors.TENANT_NOT_FOUND, `tenant ${tenant}`);
    return tenant;
  }
}
