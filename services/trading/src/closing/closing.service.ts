import { Injectable } from '@nestjs/common';
import { TradingErrors, trading } from '@tf/contracts';
import { Clock, conflict, messageOf, type HandlerContext, type TenantWrites } from '@tf/platform';
import { LessThanOrEqual } from 'typeorm';
import { TradeDealsService } from '../deals/trade-deals.service';
import { assertReviewer } from '../listings/access';
import { auctionOutcome } from '../listings/domain/auction';
import type { TradingPolicy } from '../listings/domain/policy';
import { BidEntity, ListingEntity, OfferEntity } from '../listings/listing.entity';
import { listingMessage } from '../listings/listing-message';
import { ListingsService, type LoadedListing } from '../listings/listings.service';

/**
 * Ending a listing: the center's hammer (an analyst closes it now, whatever its end time) and the
 * sweep that closes auctions past their end. An auction sells to its best bid at or above the
 * reserve; anything else ends unsold and its open offers lapse.
 */
@Injectable()
export class ClosingService {
  constructor(
    private readonly listings: ListingsService,
    private readonly deals: TradeDealsService,
    private readonly clock: Clock,
  ) {}

  async close(ctx: HandlerContext, id: string): Promise<trading.ListingClosed> {
    assertReviewer(ctx.actor);
    const policy = await this.listings.policyOf(ctx);
    return ctx.unitOfWork(async (tx) => {
      const loaded = await this.listings.lock(tx, id);
      if (loaded.listing.status !== 'listed')
        throw conflict(
          TradingErrors.LISTING_NOT_LISTED,
          `only a listed listing is closed; this one is ${loaded.listing.status}`,
        );
      return this.closeLocked(tx, loaded, policy);
    });
  }

  /** Closes the center's auctions past their end; rows another replica holds are skipped. */
  async closeDue(tx: TenantWrites, policy: TradingPolicy): Promise<number> {
    const due = await tx
      .rows(ListingEntity)
      .findForUpdate(
        { status: 'listed', mode: 'auction', endsAt: LessThanOrEqual(this.clock.now()) },
        { order: { endsAt: 'ASC' }, take: 100, skipLocked: true },
      );
    for (const listing of due) {
      const [loaded] = await this.listings.loadMany(tx, [listing.id]);
      await this.closeLocked(tx, loaded!, policy);
    }
    return due.length;
  }

  private async closeLocked(
    tx: TenantWrites,
    loaded: LoadedListing,
    policy: TradingPolicy,
  ): Promise<trading.ListingClosed> {
    const { listing, assets } = loaded;
    if (listing.mode === 'auction' && auctionOutcome(listing) === 'sold') {
      const [best] = await tx
        .rows(BidEntity)
        .find({ listingId: listing.id }, { order: { amount: 'DESC' }, take: 1 });
      const buyer = {
        key: best!.bidder,
        center: best!.bidderCenter,
        partnerId: best!.bidderPartner!,
      };
      const deal = await this.deals.open(tx, loaded, buyer, best!.amount, policy);
      const sold = Object.assign({}, listing, {
        status: 'sold' as const,
        dealId: deal.id,
        closedAt: deal.createdAt,
      });
      return messageOf(trading.ListingClosedSchema, {
        status: 'sold',
        dealId: deal.id,
        listing: listingMessage(sold, assets),
      });
    }
    const unsold = { status: 'unsold' as const, closedAt: this.clock.now() };
    await tx.rows(ListingEntity).update(listing.id, unsold);
    await tx
      .rows(OfferEntity)
      .updateWhere(
        { listingId: listing.id, status: 'open' },
        { status: 'lapsed', decidedAt: unsold.closedAt },
      );
    await this.listings.releaseAssets(tx, listing.id);
    return messageOf(trading.ListingClosedSchema, {
      status: 'unsold',
      listing: listingMessage(Object.assign({}, listing, unsold), assets),
    });
  }
}
