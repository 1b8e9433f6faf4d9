import { Injectable } from '@nestjs/common';
import { TradingErrors, TradingEvents, trading } from '@tf/contracts';
import {
  Clock,
  conflict,
  DomainError,
  invalidInput,
  isUniqueViolation,
  messageOf,
  Money,
  MONEY_PATTERN,
  newId,
  type HandlerContext,
} from '@tf/platform';
import { isCenterReader, isSellerSide } from '../listings/access';
import { buyerOf } from '../listings/buyer';
import { bidRefusal, endAfterBid } from '../listings/domain/auction';
import { BidEntity, ListingEntity } from '../listings/listing.entity';
import { ListingsService } from '../listings/listings.service';

/**
 * Bids on an English auction. Bids on one listing are serialised by its row lock: each bid reads
 * the best bid as the last one left it, so 50 bidders at once leave one consistent best bid, and
 * the unique (listing, amount) index would refuse a second bid at one amount even without it.
 */
@Injectable()
export class BidsService {
  constructor(
    private readonly listings: ListingsService,
    private readonly clock: Clock,
  ) {}

  async place(ctx: HandlerContext, request: trading.PlaceBidRequest): Promise<trading.Bid> {
    if (!MONEY_PATTERN.test(request.amount) || new Money(request.amount).lessThanOrEqualTo(0))
      throw invalidInput('amount', 'must be a positive money string, e.g. "125000.00"');
    const buyer = buyerOf(ctx.actor, ctx.tenant);
    return this.listings.onListing(
      ctx,
      request.id,
      { assets: false },
      async (tx, { listing }, policy) => {
        if (listing.mode !== 'auction')
          throw new DomainError(
            TradingErrors.WRONG_PRICING_MODE,
            `a ${listing.mode} listing takes offers, not bids`,
          );
        if (listing.status !== 'listed')
          throw conflict(TradingErrors.LISTING_NOT_LISTED, `the auction is ${listing.status}`);
        if (isSellerSide(tx.actor, listing))
          throw new DomainError(
            TradingErrors.SELLER_CANNOT_BUY,
            'the seller does not bid on its own listing',
          );
        const now = this.clock.now();
        const auction = Object.assign({}, listing, {
          increment: listing.increment!,
          endsAt: listing.endsAt!,
        });
        const refusal = bidRefusal(auction, request.amount, now);
        if (refusal?.kind === 'after-end')
          throw new DomainError(
            TradingErrors.BID_AFTER_END,
            `the auction ended at ${refusal.endsAt.toISOString()}`,
            { fields: [{ field: 'amount', message: 'the auction has ended' }] },
          );
        if (refusal?.kind === 'too-low')
          throw new DomainError(
            TradingErrors.BID_TOO_LOW,
            `a bid must be at least ${refusal.minimum}: the best bid plus the increment`,
            { fields: [{ field: 'amount', message: `must be at least ${refusal.minimum}` }] },
          );
        const endsAt = endAfterBid(auction.endsAt, now, {
          windowMinutes: policy.antiSnipingWindowMinutes,
          extensionMinutes: policy.antiSnipingExtensionMinutes,
        });
        let bid: BidEntity;
        try {
          bid = await tx.rows(BidEntity).insert({
            id: newId(),
            listingId: listing.id,
            amount: new Money(request.amount).toFixed(2),
            bidder: buyer.key,
            bidderCenter: buyer.center,
            bidderPartner: buyer.partnerId,
            placedAt: now,
            endsAt,
          });
        } catch (error) {
          if (isUniqueViolation(error, 'bids_one_per_amount'))
            throw new DomainError(
              TradingErrors.BID_AMOUNT_TAKEN,
              'a bid at this amount stands already',
            );
          throw error;
        }
        await tx.rows(ListingEntity).update(listing.id, {
          bestBid: bid.amount,
          bidCount: listing.bidCount + 1,
          endsAt,
        });
        await tx.emit(TradingEvents.bidPlaced, {
          listingId: listing.id,
          bidId: bid.id,
          amount: bid.amount,
          bidderCenter: buyer.center,
          endsAt: endsAt.toISOString(),
        });
        return bidMessage(bid, true);
      },
    );
  }

  /**
   * An auction's bids, best first. English auctions are open: everyone who sees the listing sees
   * the amounts; who bid is shown to the center's staff and to each bidder for its own bids.
   */
  async list(ctx: HandlerContext, id: string): Promise<trading.BidList> {
    const { owner } = await this.listings.visible(ctx, id);
    const bids = await owner.read((tx) =>
      tx.rows(BidEntity).find({ listingId: id }, { order: { amount: 'DESC' }, take: 500 }),
    );
    const staff = owner.tenant === owner.caller && isCenterReader(ctx.actor);
    const mine = ctx.actor?.kind === 'partner' ? ctx.actor.id : null;
    return messageOf(trading.BidListSchema, {
      items: bids.map((bid) => bidMessage(bid, staff || bid.bidderPartner === mine)),
    });
  }
}

function bidMessage(bid: BidEntity, showBidder: boolean): trading.Bid {
  return messageOf(
    trading.BidSchema,
    Object.assign({}, bid, { bidder: showBidder ? bid.bidder : 'another bidder' }),
  );
}
