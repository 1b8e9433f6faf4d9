import { Injectable } from '@nestjs/common';
import { TenancyErrors, TenancyRpc, type tenancy } from '@tf/contracts';
import type { RequestContext } from '../context/request-context';
import { DomainError, notFound } from '@tf/core';
import { ServiceClient } from '../messaging/service-client';
import { RefreshingCache } from '../runtime/refreshing-cache';

/**
 * What every domain service asks the tenancy service: who a center is (cached: a center's name
 * does not change under a request), its enterprises, and people's names for reports. Each
 * service keeps its own section of the center's policy (PolicyStore).
 */
@Injectable()
export class TenancyClient {
  private readonly centers = new RefreshingCache<tenancy.Tenant>(60_000, { max: 100 });

  constructor(private readonly client: ServiceClient) {}

  /** The center of the request. */
  async center(ctx: RequestContext): Promise<tenancy.Tenant> {
    const code = ctx.tenant;
    if (!code) throw new Error('TenancyClient.center needs a tenant');
    return this.centers.get(code, () => this.client.request(TenancyRpc.getTenant, { code }, ctx));
  }

  /** The codes of the centers on the network (a listing is shared with some of them). */
  async centerCodes(ctx: RequestContext): Promise<string[]> {
    const { items } = await this.client.request(
      TenancyRpc.listTenants,
      {},
      { requestId: ctx.requestId },
    );
    return items.map((t) => t.code);
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
   * Whether a partner of the request's center is a bank: loans and their guarantees are made with
   * banks only.
   */
  async isBank(ctx: RequestContext, partnerId: string, field: string): Promise<boolean> {
    return (await this.partnerKind(ctx, partnerId, field)) === 'bank';
  }

  /**
   * What kind of partner of the request's center `partnerId` is: a partner's own key says it;
   * staff naming one are answered by tenancy. Another center's partner is not found, naming `field`.
   */
  async partnerKind(ctx: RequestContext, partnerId: string, field: string): Promise<string> {
    if (ctx.actor?.kind === 'partner' && ctx.actor.id === partnerId) return ctx.actor.partnerKind;
    try {
      return (await this.client.request(TenancyRpc.getPartner, { id: partnerId }, ctx)).kind;
    } catch (error) {
      if (error instanceof DomainError && error.status === 404)
        throw notFound(TenancyErrors.PARTNER_NOT_FOUND, `partner ${partnerId}`, {
          field,
          message: 'is not a partner of this center',
        });
      throw error;
    }
  }

  /** A staff user of the request's center; another center's user is not found, naming `field`. */
  async staffUser(ctx: RequestContext, userId: string, field: string): Promise<tenancy.User> {
    try {
      return await this.client.request(TenancyRpc.getUser, { id: userId }, ctx);
    } catch (error) {
      if (error instanceof DomainError && error.status === 404)
        throw notFound(TenancyErrors.USER_NOT_FOUND, `user ${userId}`, {
          field,
          message: 'is not a staff user of this center',
        });
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
