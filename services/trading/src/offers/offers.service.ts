import { Injectable } from '@nestjs/common';
import { TradingErrors, trading } from '@tf/contracts';
import {
  Clock,
  conflict,
  DomainError,
  invalidFields,
  isOneOf,
  messageOf,
  Money,
  MONEY_PATTERN,
  newId,
  notFound,
  textFieldProblems,
  type FieldProblem,
  type HandlerContext,
} from '@tf/platform';
import { In } from 'typeorm';
import { ListingCenters } from '../centers/listing-centers';
import { TradeDealsService } from '../deals/trade-deals.service';
import { isCenterReader, isCenterStaff, isSellerSide } from '../listings/access';
import { buyerOf } from '../listings/buyer';
import { OfferEntity } from '../listings/listing.entity';
import { ListingsService } from '../listings/listings.service';

/**
 * Offers on fixed-price and negotiable listings. At a fixed price the first buyer to take the
 * asking price buys (the listing's row lock decides who was first); on a negotiable listing the
 * seller's side accepts one offer and the others lapse.
 */
@Injectable()
export class OffersService {
  constructor(
    private readonly centers: ListingCenters,
    private readonly listings: ListingsService,
    private readonly deals: TradeDealsService,
    private readonly clock: Clock,
  ) {}

  async make(ctx: HandlerContext, request: trading.MakeOfferRequest): Promise<trading.Offer> {
    const problems: FieldProblem[] = [];
    if (!positiveMoney(request.amount))
      problems.push({ field: 'amount', message: 'must be a positive money string' });
    problems.push(...textFieldProblems('message', request.message, { max: 1000, multiline: true }));
    if (problems.length > 0) throw invalidFields(problems, TradingErrors.INVALID_BID);
    const buyer = buyerOf(ctx.actor, ctx.tenant);
    return this.listings.onListing(
      ctx,
      request.id,
      { assets: true },
      async (tx, loaded, policy) => {
        const { listing } = loaded;
        if (listing.mode === 'auction')
          throw new DomainError(
            TradingErrors.WRONG_PRICING_MODE,
            'an auction takes bids, not offers',
          );
        if (listing.status !== 'listed')
          throw conflict(TradingErrors.LISTING_NOT_LISTED, `the listing is ${listing.status}`);
        if (isSellerSide(tx.actor, listing))
          throw new DomainError(
            TradingErrors.SELLER_CANNOT_BUY,
            'the seller does not buy its own listing',
          );
        const amount = new Money(request.amount).toFixed(2);
        const atAskingPrice = listing.mode === 'fixed';
        if (atAskingPrice && !new Money(amount).equals(listing.askingPrice!))
          throw new DomainError(
            TradingErrors.OFFER_NOT_AT_ASKING_PRICE,
            `a fixed-price listing sells at its asking price, ${listing.askingPrice}`,
            { fields: [{ field: 'amount', message: `must be ${listing.askingPrice}` }] },
          );
        const now = this.clock.now();
        const deal = atAskingPrice
          ? await this.deals.open(tx, loaded, buyer, amount, policy)
          : null;
        const offer = await tx.rows(OfferEntity).insert({
          id: newId(),
          listingId: listing.id,
          amount,
          buyer: buyer.key,
          buyerCenter: buyer.center,
          buyerPartner: buyer.partnerId,
          status: deal ? 'accepted' : 'open',
          counterAmount: null,
          message: request.message?.trim() || null,
          madeAt: now,
          decidedAt: deal ? now : null,
          dealId: deal?.id ?? null,
        });
        return offerMessage(offer);
      },
    );
  }

  /** The offers on a listing: the seller's side and the center's staff see all, a buyer its own. */
  async list(ctx: HandlerContext, id: string): Promise<trading.OfferList> {
    const { owner, loaded } = await this.listings.visible(ctx, id);
    const sameCenter = owner.tenant === owner.caller;
    const all =
      sameCenter && (isCenterReader(ctx.actor) || isSellerSide(ctx.actor, loaded.listing));
    const mine = ctx.actor?.kind === 'partner' ? ctx.actor.id : null;
    const offers = await owner.read((tx) =>
      tx
        .rows(OfferEntity)
        .find(all ? { listingId: id } : { listingId: id, buyerPartner: mine ?? undefined }, {
          order: { id: 'ASC' },
          take: 500,
        }),
    );
    return messageOf(trading.OfferListSchema, {
      items: all || mine ? offers.map(offerMessage) : [],
    });
  }

  /**
   * The seller's side (or the center's staff for it) accepts, declines or counters an open offer;
   * the buyer accepts or declines a counter-offer. An acceptance sells at once: the listing's row
   * lock makes it the only one, and every other offer on the listing lapses.
   */
  async decide(ctx: HandlerContext, request: trading.DecideOfferRequest): Promise<trading.Offer> {
    const problems: FieldProblem[] = [];
    if (!isOneOf(['accept', 'decline', 'counter'] as const, request.decision))
      problems.push({ field: 'decision', message: 'must be accept, decline or counter' });
    const countering = request.decision === 'counter';
    if (countering && !positiveMoney(request.amount))
      problems.push({ field: 'amount', message: 'a counter-offer needs a positive money string' });
    if (!countering && request.amount !== undefined)
      problems.push({ field: 'amount', message: 'is for a counter-offer only' });
    if (problems.length > 0) throw invalidFields(problems, TradingErrors.INVALID_BID);
    const ownerCenter = await this.centers.offerOwner(ctx, request.offerId);
    if (!ownerCenter) throw notFound(TradingErrors.OFFER_NOT_FOUND, `offer ${request.offerId}`);
    const owner = this.centers.in(ctx, ownerCenter);
    const policy = await this.listings.policyOf(owner);
    return owner.unitOfWork(async (tx) => {
      const found = await tx.rows(OfferEntity).findById(request.offerId);
      if (!found) throw notFound(TradingErrors.OFFER_NOT_FOUND, `offer ${request.offerId}`);
      const loaded = await this.listings.lock(tx, found.listingId);
      // Read again under the listing's lock: an offer accepted meanwhile is not open any more.
      const offer = (await tx.rows(OfferEntity).findById(found.id)) ?? found;
      const sameCenter = owner.tenant === owner.caller;
      const sellerSide =
        sameCenter &&
        ((ctx.actor?.kind === 'user' && isCenterStaff(ctx.actor)) ||
          isSellerSide(tx.actor, loaded.listing));
      const buyerSide =
        ctx.actor?.kind === 'partner' &&
        offer.buyerPartner === ctx.actor.id &&
        offer.buyerCenter === owner.caller;
      if (!sellerSide && !buyerSide)
        throw notFound(TradingErrors.OFFER_NOT_FOUND, `offer ${request.offerId}`);
      const awaiting = sellerSide ? 'open' : 'countered';
      if (offer.status !== awaiting || (countering && !sellerSide))
        throw conflict(
          TradingErrors.OFFER_NOT_OPEN,
          `the offer is ${offer.status}; ${sellerSide ? 'the seller answers an open offer' : 'its buyer answers a counter-offer'}`,
        );
      if (loaded.listing.status !== 'listed')
        throw conflict(TradingErrors.LISTING_NOT_LISTED, `the listing is ${loaded.listing.status}`);
      const now = this.clock.now();
      if (request.decision !== 'accept') {
        const answered = countering
          ? { status: 'countered' as const, counterAmount: new Money(request.amount!).toFixed(2) }
          : { status: 'declined' as const, decidedAt: now };
        await tx.rows(OfferEntity).update(offer.id, answered);
        return offerMessage(Object.assign({}, offer, answered));
      }
      const price = buyerSide ? offer.counterAmount! : offer.amount;
      const buyer = { key: offer.buyer, center: offer.buyerCenter, partnerId: offer.buyerPartner! };
      const deal = await this.deals.open(tx, loaded, buyer, price, policy);
      await tx
        .rows(OfferEntity)
        .updateWhere(
          { listingId: offer.listingId, status: In(['open', 'countered']) },
          { status: 'lapsed', decidedAt: now },
        );
      const accepted = { status: 'accepted' as const, decidedAt: now, dealId: deal.id };
      await tx.rows(OfferEntity).update(offer.id, accepted);
      return offerMessage(Object.assign({}, offer, accepted));
    });
  }
}

const positiveMoney = (value: string | undefined): value is string =>
  value !== undefined && MONEY_PATTERN.test(value) && new Money(value).greaterThan(0);

function offerMessage(offer: OfferEntity): trading.Offer {
  return messageOf(
    trading.OfferSchema,
    Object.assign({}, offer, {
      message: offer.message ?? undefined,
      dealId: offer.dealId ?? undefined,
      counterAmount: offer.counterAmount ?? undefined,
    }),
  );
}
