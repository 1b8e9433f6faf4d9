import { Injectable } from '@nestjs/common';
import { TenancyErrors, TenancyRpc, type tenancy } from '@tf/contracts';
import { LRUCache } from 'lru-cache';
import type { RequestContext } from '../context/request-context';
import { DomainError, notFound } from '@tf/core';
import { ServiceClient } from '../messaging/service-client';

const POLICY_TTL_MS = 5_000;

/**
 * What every domain service asks the tenancy service: the center's policy (cached a few seconds,
 * so a PATCH takes effect almost at once without a round trip per request) and its enterprises.
 */
@Injectable()
export class TenancyClient {
  private readonly policies = new LRUCache<string, { name: string; policy: tenancy.Policy }>({
    max: 100,
    ttl: POLICY_TTL_MS,
  });

  constructor(private readonly client: ServiceClient) {}

  /** The center of the request: its name and policy. */
  async center(
    ctx: RequestContext,
  ): Promise<{ code: string; name: string; policy: tenancy.Policy }> {
    if (!ctx.tenant) throw new Error('TenancyClient.center needs a tenant');
    const cached = this.policies.get(ctx.tenant);
    if (cached) return { code: ctx.tenant, ...cached };
    const tenant = await this.client.request(TenancyRpc.getTenant, { code: ctx.tenant }, ctx);
    if (!tenant.policy) throw new Error(`tenant ${ctx.tenant} has no policy`);
    this.policies.set(ctx.tenant, { name: tenant.name, policy: tenant.policy });
    return { code: tenant.code, name: tenant.name, policy: tenant.policy };
  }

  /** An enterprise of the request's center; another center's id is not found. */
  async enterprise(
    ctx: RequestContext,
    id: string,
    field = 'enterpriseId',
  ): Promise<tenancy.Enterprise> {
    try {
      return await this.client.request(TenancyRpc.getEnterprise, { id }, ctx);
    } catch (error) {
      if (error instanceof DomainError && error.status === 404) {
        throw notFound(TenancyErrors.ENTERPRISE_NOT_FOUND, `enterprise ${id}`, {
          field,
          message: 'is not an enterprise of this center',
        });
      }
      throw error;
    }
  }

  /**
   * A person-readable name for an actor key ("user:<id>" → username, "partner:<id>" → partner
   * name), for reports; the key itself when the name cannot be had (a platform admin, a deleted row).
   */
  async displayName(ctx: RequestContext, actorKey: string): Promise<string> {
    const [kind, id] = actorKey.split(':');
    if (!id) return actorKey;
    try {
      if (kind === 'user')
        return (await this.client.request(TenancyRpc.getUser, { id }, ctx)).username;
      if (kind === 'partner')
        return (await this.client.request(TenancyRpc.getPartner, { id }, ctx)).name;
    } catch (error) {
      if (!(error instanceof DomainError && error.status === 404)) throw error;
    }
    return actorKey;
  }
}
