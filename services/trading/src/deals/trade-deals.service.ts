import { Injectable } from '@nestjs/common';
import { SETTLEMENT_STATUSES, TradingErrors, TradingEvents, trading } from '@tf/contracts';
import {
  Clock,
  conflict,
  DomainError,
  invalidFields,
  isIsoDate,
  isOneOf,
  messageOf,
  Money,
  newId,
  notFound,
  readPageRequest,
  encodeCursor,
  isUuid,
  type FieldProblem,
  type HandlerContext,
  type TenantWrites,
} from '@tf/platform';
import { MoreThan } from 'typeorm';
import { ListingCenters } from '../centers/listing-centers';
import {
  assertCenterStaff,
  assertReviewer,
  isCenterReader,
  isSellerSide,
} from '../listings/access';
import type { Buyer } from '../listings/buyer';
import {
  commissionOf,
  priceShares,
  registrationNumber,
  registrationPrefix,
  remainingLifeYears,
} from '../listings/domain/deal-terms';
import type { TradingPolicy } from '../listings/domain/policy';
import { ListingEntity, TradeDealEntity } from '../listings/listing.entity';
import { ListingsService, type LoadedListing } from '../listings/listings.service';

/**
 * Trade deals: what a sold listing becomes. The listing's center settles it (the buyer pays, the
 * rights are transferred, forward only) and registers it as a technology contract.
 */
@Injectable()
export class TradeDealsService {
  constructor(
    private readonly centers: ListingCenters,
    private readonly listings: ListingsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Sells a locked, listed listing to `buyer` at `price`: the deal with the broker's commission,
   * the listing sold and its assets free again, and the events (the deal as valuation's
   * comparables; for a disposal, the proceeds net of commission that recover the loan).
   */
  async open(
    tx: TenantWrites,
    { listing, assets }: LoadedListing,
    buyer: Buyer,
    price: string,
    policy: TradingPolicy,
  ): Promise<TradeDealEntity> {
    const now = this.clock.now();
    const closedOn = this.clock.today();
    const commission = commissionOf(price, policy.commissionRate);
    const deal = await tx.rows(TradeDealEntity).insert({
      id: newId(),
      listingId: listing.id,
      sellerEnterpriseId: listing.sellerEnterpriseId,
      buyer: buyer.key,
      buyerCenter: buyer.center,
      buyerPartner: buyer.partnerId,
      price,
      commissionRate: policy.commissionRate,
      commission,
      broker: listing.broker,
      dealType: listing.dealType,
      status: 'awaiting_payment',
      registrationNumber: null,
      closedOn,
      paidOn: null,
      transferredOn: null,
      registeredOn: null,
      disposalLoanId: listing.disposalLoanId,
      createdAt: now,
    });
    await tx.rows(ListingEntity).update(listing.id, {
      status: 'sold',
      dealId: deal.id,
      closedAt: now,
    });
    await this.listings.releaseAssets(tx, listing.id);
    const shares = priceShares(price, assets.length);
    await tx.emit(TradingEvents.tradeDealClosed, {
      dealId: deal.id,
      listingId: listing.id,
      closedOn,
      price,
      dealType: listing.dealType,
      commission,
      assets: assets.map((asset, i) => ({
        number: asset.number,
        patentType: asset.patentType ?? '',
        ipcClass: asset.ipcClass ?? '',
        price: shares[i]!,
        remainingLifeYears: asset.expiresOn ? remainingLifeYears(asset.expiresOn, closedOn) : '',
      })),
    });
    if (listing.disposalLoanId)
      await tx.emit(TradingEvents.collateralSold, {
        listingId: listing.id,
        dealId: deal.id,
        loanId: listing.disposalLoanId,
        guaranteeId: listing.disposalGuaranteeId ?? undefined,
        proceeds: new Money(price).minus(commission).toFixed(2),
        soldOn: closedOn,
      });
    return deal;
  }

  /**
   * A deal for the listing center's staff, its buyer (of whichever center) and the seller's side;
   * 404 for anyone else.
   */
  async get(ctx: HandlerContext, id: string): Promise<trading.TradeDeal> {
    const ownerCenter = await this.centers.dealOwner(ctx, id);
    if (ownerCenter) {
      const owner = this.centers.in(ctx, ownerCenter);
      const found = await owner.read(async (tx) => {
        const deal = await tx.rows(TradeDealEntity).findById(id);
        const listing = deal && (await tx.rows(ListingEntity).findById(deal.listingId));
        return deal && listing ? { deal, listing } : null;
      });
      if (found && this.canSee(ctx, ownerCenter, found.deal, found.listing))
        return dealMessage(found.deal);
    }
    throw notFound(TradingErrors.TRADE_DEAL_NOT_FOUND, `trade deal ${id}`);
  }

  /** The center's deals for its staff; a partner's key lists the deals it bought. */
  async list(
    ctx: HandlerContext,
    request: trading.ListTradeDealsRequest,
  ): Promise<trading.TradeDealList> {
    if (request.status !== undefined && !isOneOf(SETTLEMENT_STATUSES, request.status))
      throw invalidFields(
        [{ field: 'status', message: `must be one of ${SETTLEMENT_STATUSES.join(', ')}` }],
        TradingErrors.INVALID_TRADE_DEAL,
      );
    const { limit, after } = readPageRequest(request.page);
    const partner = ctx.actor?.kind === 'partner' ? ctx.actor.id : undefined;
    if (!partner && !isCenterReader(ctx.actor)) return messageOf(trading.TradeDealListSchema, {});
    const where = Object.assign(
      {},
      request.status && { status: request.status as TradeDealEntity['status'] },
      request.listingId && isUuid(request.listingId) && { listingId: request.listingId },
    );
    return ctx.read(async (tx) => {
      // A buyer's deals may be another center's (a shared listing): PostgreSQL shows them to the
      // buyer's center (bought_by_center), so they are read as visible, not as this center's rows.
      const rows = partner
        ? await tx
            .visible(TradeDealEntity)
            .find(
              Object.assign(
                {},
                where,
                { buyerPartner: partner, buyerCenter: ctx.tenant },
                after && { id: MoreThan(after) },
              ),
              { order: { id: 'ASC' }, take: limit + 1 },
            )
        : await tx
            .rows(TradeDealEntity)
            .find(Object.assign({}, where, after && { id: MoreThan(after) }), {
              order: { id: 'ASC' },
              take: limit + 1,
            });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return messageOf(trading.TradeDealListSchema, {
        items: items.map(dealMessage),
        page: rows.length > limit && last ? { nextCursor: encodeCursor(last.id) } : {},
      });
    });
  }

  /** The center's staff record the payment, then the transfer of the rights: one step at a time. */
  async settle(
    ctx: HandlerContext,
    request: trading.SettleTradeDealRequest,
  ): Promise<trading.TradeDeal> {
    assertCenterStaff(ctx.actor);
    const problems: FieldProblem[] = [];
    if (!isOneOf(['paid', 'transferred'] as const, request.status))
      problems.push({ field: 'status', message: 'must be paid or transferred' });
    if (!isIsoDate(request.on))
      problems.push({ field: 'on', message: 'must be a date YYYY-MM-DD' });
    if (problems.length > 0) throw invalidFields(problems, TradingErrors.INVALID_TRADE_DEAL);
    this.notInFuture(request.on, 'on');
    return ctx.unitOfWork(async (tx) => {
      const deal = await this.lock(tx, request.id);
      const expected =
        deal.status === 'awaiting_payment' ? 'paid' : deal.status === 'paid' ? 'transferred' : null;
      if (request.status !== expected)
        throw conflict(
          TradingErrors.SETTLEMENT_NOT_FORWARD,
          expected
            ? `the deal is ${deal.status}: its next step is ${expected}`
            : 'the deal is settled: the rights are transferred',
        );
      const previous = deal.paidOn ?? deal.closedOn;
      if (request.on < previous)
        throw new DomainError(
          TradingErrors.TRADE_DATED_BEFORE_PREVIOUS_STEP,
          `the step is dated before the deal's previous one (${previous})`,
          { fields: [{ field: 'on', message: `must be on or after ${previous}` }] },
        );
      const changes =
        request.status === 'paid'
          ? { status: 'paid' as const, paidOn: request.on }
          : { status: 'transferred' as const, transferredOn: request.on };
      await tx.rows(TradeDealEntity).update(deal.id, changes);
      return dealMessage(Object.assign({}, deal, changes));
    });
  }

  /**
   * An analyst registers the deal as a technology contract: it gets the center's next number of
   * the year. Numbers are handed out under a per-center, per-year lock and are unique by index.
   */
  async register(
    ctx: HandlerContext,
    request: trading.RegisterTradeDealRequest,
  ): Promise<trading.TradeDeal> {
    assertReviewer(ctx.actor);
    if (!isIsoDate(request.registeredOn))
      throw invalidFields(
        [{ field: 'registeredOn', message: 'must be a date YYYY-MM-DD' }],
        TradingErrors.INVALID_TRADE_DEAL,
      );
    this.notInFuture(request.registeredOn, 'registeredOn');
    return ctx.unitOfWork(async (tx) => {
      const deal = await this.lock(tx, request.id);
      if (deal.registrationNumber)
        throw conflict(
          TradingErrors.DEAL_ALREADY_REGISTERED,
          `the deal is registered as ${deal.registrationNumber}`,
        );
      if (request.registeredOn < deal.closedOn)
        throw new DomainError(
          TradingErrors.TRADE_DATED_BEFORE_PREVIOUS_STEP,
          `a deal closed on ${deal.closedOn} is registered on or after it`,
          { fields: [{ field: 'registeredOn', message: `must be on or after ${deal.closedOn}` }] },
        );
      const year = Number(request.registeredOn.slice(0, 4));
      await tx.lock('registration', String(year));
      // The center's numbers of the year carry its code and the year, so they alone match (a deal
      // this center bought from another is visible to it, and numbered by the other).
      const prefix = registrationPrefix(tx.tenant, year);
      const [row] = await tx.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM trading.trade_deals WHERE registration_number LIKE $1`,
        [`${prefix}%`],
      );
      const changes = {
        registrationNumber: registrationNumber(tx.tenant, year, (row?.n ?? 0) + 1),
        registeredOn: request.registeredOn,
      };
      await tx.rows(TradeDealEntity).update(deal.id, changes);
      return dealMessage(Object.assign({}, deal, changes));
    });
  }

  private canSee(
    ctx: HandlerContext,
    ownerCenter: string,
    deal: TradeDealEntity,
    listing: ListingEntity,
  ): boolean {
    const sameCenter = ownerCenter === ctx.tenant;
    if (sameCenter && isCenterReader(ctx.actor)) return true;
    if (ctx.actor?.kind !== 'partner') return false;
    if (deal.buyerPartner === ctx.actor.id && deal.buyerCenter === ctx.tenant) return true;
    return (
      sameCenter && (isSellerSide(ctx.actor, listing) || deal.broker === `partner:${ctx.actor.id}`)
    );
  }

  private async lock(tx: TenantWrites, id: string): Promise<TradeDealEntity> {
    const deal = await tx.rows(TradeDealEntity).findByIdForUpdate(id);
    if (!deal) throw notFound(TradingErrors.TRADE_DEAL_NOT_FOUND, `trade deal ${id}`);
    return deal;
  }

  private notInFuture(on: string, field: string): void {
    if (on > this.clock.today())
      throw new DomainError(TradingErrors.TRADE_DATED_IN_FUTURE, `${field} is after today`, {
        fields: [{ field, message: 'must not be after today' }],
      });
  }
}

export function dealMessage(deal: TradeDealEntity): trading.TradeDeal {
  return messageOf(
    trading.TradeDealSchema,
    Object.assign({}, deal, {
      tenant: deal.tenantId,
      commissionRate: new Money(deal.commissionRate).toString(),
      registrationNumber: deal.registrationNumber ?? undefined,
      registeredOn: deal.registeredOn ?? undefined,
      paidOn: deal.paidOn ?? undefined,
      transferredOn: deal.transferredOn ?? undefined,
      disposalLoanId: deal.disposalLoanId ?? undefined,
    }),
  );
}
