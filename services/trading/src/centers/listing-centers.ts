import { Injectable } from '@nestjs/common';
import {
  isUuid,
  TenantDatabase,
  type HandlerContext,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';

/**
 * A caller working on a listing (or a deal) in the center that owns it: the same caller and
 * request, the owner's rows. `caller` is the caller's own center, which may be another one when
 * the listing is shared with it.
 */
export interface OwnerContext extends Pick<HandlerContext, 'requestId' | 'actor'> {
  readonly tenant: string;
  readonly caller: string;
  read<T>(work: (tx: TenantReads) => Promise<T>): Promise<T>;
  unitOfWork<T>(work: (tx: TenantWrites) => Promise<T>): Promise<T>;
}

/** The center owning a listing the caller's center can see (PostgreSQL's policies decide). */
export const LISTING_OWNER_SQL = `SELECT tenant_id AS owner FROM trading.listings WHERE id = $1`;

/**
 * Where a listing lives. Everything about a listing (its bids, offers and deal) is its center's
 * and is written in that center's transactions. Another center learns only which center owns a
 * listing that center shares with it, and it learns that from PostgreSQL's read-only policy on
 * `shared_with` (and a buyer's center, from `buyer_center` on its offers and deals): a listing not shared
 * stays invisible, so it is 404 exactly as an unknown id.
 */
@Injectable()
export class ListingCenters {
  constructor(private readonly db: TenantDatabase) {}

  /** The center of listing `id` as the caller's center sees it; null when it cannot see it. */
  listingOwner(ctx: HandlerContext, id: string): Promise<string | null> {
    return this.owner(ctx, LISTING_OWNER_SQL, id);
  }

  /** The center of trade deal `id`: the caller's own, or the seller's when the caller's bought. */
  dealOwner(ctx: HandlerContext, id: string): Promise<string | null> {
    return this.owner(ctx, `SELECT tenant_id AS owner FROM trading.trade_deals WHERE id = $1`, id);
  }

  /** The center of offer `id`: the caller's own, or the listing's when the caller's made it. */
  offerOwner(ctx: HandlerContext, id: string): Promise<string | null> {
    return this.owner(ctx, `SELECT tenant_id AS owner FROM trading.offers WHERE id = $1`, id);
  }

  /**
   * The caller in the owning center. In its own center that is the handler's own context, so a
   * command's Idempotency-Key is kept with its writes; a shared listing's owner is worked on
   * through the owner's transactions (the gateway keeps those keys).
   */
  in(ctx: HandlerContext, owner: string): OwnerContext {
    if (owner === ctx.tenant) return Object.assign({}, ctx, { caller: ctx.tenant });
    const request = { requestId: ctx.requestId, actor: ctx.actor, tenant: owner };
    return {
      requestId: request.requestId,
      actor: request.actor,
      tenant: request.tenant,
      caller: ctx.tenant,
      read: (work) => this.db.read(request, work),
      unitOfWork: (work) => this.db.unitOfWork(request, work),
    };
  }

  private async owner(ctx: HandlerContext, sql: string, id: string): Promise<string | null> {
    if (!isUuid(id)) return null;
    const [row] = await ctx.read((tx) => tx.sql<{ owner: string }>(sql, [id]));
    return row?.owner ?? null;
  }
}
