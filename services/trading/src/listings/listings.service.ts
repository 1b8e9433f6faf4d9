import { Injectable } from '@nestjs/common';
import {
  CreditRpc,
  LISTING_STATUSES,
  PRICING_MODES,
  PATENT_TYPES,
  TRADE_DEAL_TYPES,
  TradingErrors,
  TradingEvents,
  ValuationRpc,
  trading,
} from '@tf/contracts';
import {
  actorId,
  allInOrder,
  Clock,
  conflict,
  DomainError,
  encodeCursor,
  invalidFields,
  isOneOf,
  isUniqueViolation,
  isUuid,
  messageOf,
  newId,
  notFound,
  PolicyStore,
  readPageRequest,
  ServiceClient,
  TenancyClient,
  textFieldProblems,
  type FieldProblem,
  type HandlerContext,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { In } from 'typeorm';
import { ListingCenters, type OwnerContext } from '../centers/listing-centers';
import {
  assertCenterStaff,
  assertLister,
  assertReviewer,
  canSeeListing,
  isSellerSide,
} from './access';
import { checkedListing, listingProblems, type CheckedListing } from './domain/listing-inputs';
import type { TradingPolicy } from './domain/policy';
import { ListingAssetEntity, ListingEntity } from './listing.entity';
import { listingMessage } from './listing-message';
import { LISTING_SEARCH_SQL, listingSearchValues } from './listing-search';

/** A listing with its assets, as one center sees it. */
export interface LoadedListing {
  listing: ListingEntity;
  assets: ListingAssetEntity[];
}

const MAX_QUERY = 100;

/**
 * The exchange's listings: made by sellers (or by credit's default, a disposal), reviewed by an
 * analyst before anyone else sees them, shared with other centers by the center's staff.
 */
@Injectable()
export class ListingsService {
  constructor(
    private readonly centers: ListingCenters,
    private readonly client: ServiceClient,
    private readonly tenancy: TenancyClient,
    private readonly policy: PolicyStore<typeof trading.TradingPolicySchema>,
    private readonly clock: Clock,
  ) {}

  async create(
    ctx: HandlerContext,
    request: trading.CreateListingRequest,
  ): Promise<trading.Listing> {
    assertLister(ctx.actor);
    const policy = await this.policyOf(ctx);
    const input = {
      title: request.title,
      dealType: request.dealType,
      assets: request.assets,
      pricing: request.pricing,
    };
    const problems = listingProblems(input, this.clock.now(), policy.minimumIncrement);
    if (request.valuationId !== undefined && !isUuid(request.valuationId))
      problems.push({ field: 'valuationId', message: 'must be a UUID' });
    if (problems.length > 0) throw invalidFields(problems, TradingErrors.INVALID_LISTING);
    const checked = checkedListing(input, policy.minimumIncrement);
    // An SME's key sells its own enterprise's rights only (tenancy answers 404 for another).
    const [seller, pledged, referencePrice] = await allInOrder([
      this.tenancy.enterprise(ctx, request.sellerEnterpriseId, 'sellerEnterpriseId'),
      this.pledgedAssets(ctx, checked),
      this.referencePrice(ctx, request.valuationId, request.sellerEnterpriseId),
    ]);
    if (pledged.length > 0)
      throw new DomainError(
        TradingErrors.ASSET_PLEDGED,
        'a patent pledged to a live loan is sold only by the disposal listing its default opens',
        { fields: pledged },
      );
    return ctx.unitOfWork(async (tx) => {
      const listed = await this.insert(tx, checked, {
        sellerEnterpriseId: seller.id,
        valuationId: request.valuationId ?? null,
        referencePrice,
        status: 'pending_review',
        broker:
          tx.actor?.kind === 'partner' && tx.actor.partnerKind === 'broker'
            ? `partner:${tx.actor.id}`
            : 'center',
        disposalLoanId: null,
        disposalGuaranteeId: null,
        listedAt: null,
      });
      return listingMessage(listed.listing, listed.assets);
    });
  }

  /**
   * Writes a listing and its assets. An asset already in another open listing of the center is
   * refused by the unique index (two sellers racing for one patent: one listing).
   */
  async insert(
    tx: TenantWrites,
    checked: CheckedListing,
    fields: Pick<
      ListingEntity,
      | 'sellerEnterpriseId'
      | 'valuationId'
      | 'referencePrice'
      | 'status'
      | 'broker'
      | 'disposalLoanId'
      | 'disposalGuaranteeId'
      | 'listedAt'
    >,
  ): Promise<LoadedListing> {
    const now = this.clock.now();
    const listing = await tx.rows(ListingEntity).insert({
      id: newId(),
      title: checked.title,
      dealType: checked.dealType,
      mode: checked.mode,
      askingPrice: checked.askingPrice,
      reservePrice: checked.reservePrice,
      increment: checked.increment,
      endsAt: checked.endsAt,
      bestBid: null,
      bidCount: 0,
      sharedWith: [],
      dealId: null,
      listedBy: actorId(tx.actor),
      listedByPartner: tx.actor?.kind === 'partner' ? tx.actor.id : null,
      reviewedBy: null,
      reviewNote: null,
      createdAt: now,
      closedAt: null,
      ...fields,
    });
    try {
      const assets = await tx.rows(ListingAssetEntity).insertMany(
        checked.assets.map((asset, position) => ({
          id: newId(),
          listingId: listing.id,
          position,
          kind: asset.kind,
          number: asset.number,
          identity: asset.identity,
          title: asset.title,
          patentType: asset.patentType ?? null,
          ipcClass: asset.ipcClass ?? null,
          expiresOn: asset.expiresOn ?? null,
          open: true,
        })),
      );
      return { listing, assets };
    } catch (error) {
      if (isUniqueViolation(error, 'listing_assets_one_open_listing'))
        throw conflict(
          TradingErrors.ASSET_ALREADY_LISTED,
          'an asset of this listing is already in an open listing of the center',
          'assets',
        );
      throw error;
    }
  }

  async get(ctx: HandlerContext, id: string): Promise<trading.Listing> {
    const { owner, loaded } = await this.visible(ctx, id);
    return listingMessage(loaded.listing, loaded.assets, owner.tenant === owner.caller);
  }

  /**
   * The caller's center's listings (its staff see all; partners the published ones and their
   * own), and with includeShared those other centers share with it; searchable by words of the
   * title or an asset number, by patent type and IPC class.
   */
  async list(
    ctx: HandlerContext,
    request: trading.ListListingsRequest,
  ): Promise<trading.ListingList> {
    const problems: FieldProblem[] = [];
    const oneOf = (field: string, values: readonly string[], value: string | undefined) => {
      if (value !== undefined && !isOneOf(values, value))
        problems.push({ field, message: `must be one of ${values.join(', ')}` });
    };
    oneOf('status', LISTING_STATUSES, request.status);
    oneOf('dealType', TRADE_DEAL_TYPES, request.dealType);
    oneOf('mode', PRICING_MODES, request.mode);
    oneOf('patentType', PATENT_TYPES, request.patentType);
    problems.push(...textFieldProblems('q', request.q, { max: MAX_QUERY }));
    if (request.ipcClass !== undefined && !/^[A-H]\d{2}[A-Z]$/.test(request.ipcClass))
      problems.push({ field: 'ipcClass', message: 'must be an IPC subclass such as H01M' });
    if (request.sellerEnterpriseId !== undefined && !isUuid(request.sellerEnterpriseId))
      problems.push({ field: 'sellerEnterpriseId', message: 'must be a UUID' });
    if (problems.length > 0) throw invalidFields(problems, TradingErrors.INVALID_LISTING);
    const { limit, after } = readPageRequest(request.page);
    return ctx.read(async (tx) => {
      const rows = await tx.sql<{ id: string }>(
        LISTING_SEARCH_SQL,
        listingSearchValues(request, ctx.actor, { limit, after }),
      );
      const ids = rows.slice(0, limit).map((r) => r.id);
      const loaded = await this.loadMany(tx, ids);
      const last = ids[ids.length - 1];
      return messageOf(trading.ListingListSchema, {
        items: loaded.map(({ listing, assets }) =>
          listingMessage(listing, assets, listing.tenantId === ctx.tenant),
        ),
        page: rows.length > limit && last ? { nextCursor: encodeCursor(last) } : {},
      });
    });
  }

  /** An analyst publishes a listing under review, or refuses it with a note. */
  async review(
    ctx: HandlerContext,
    request: trading.ReviewListingRequest,
  ): Promise<trading.Listing> {
    assertReviewer(ctx.actor);
    const problems: FieldProblem[] = [];
    if (!isOneOf(['publish', 'reject'] as const, request.decision))
      problems.push({ field: 'decision', message: 'must be publish or reject' });
    problems.push(...textFieldProblems('note', request.note, { max: 1000, multiline: true }));
    if (request.decision === 'reject' && !request.note?.trim())
      problems.push({ field: 'note', message: 'say why the listing is refused' });
    if (problems.length > 0) throw invalidFields(problems, TradingErrors.INVALID_LISTING);
    return ctx.unitOfWork(async (tx) => {
      const { listing, assets } = await this.lock(tx, request.id);
      if (listing.status !== 'pending_review')
        throw conflict(
          TradingErrors.LISTING_NOT_PENDING,
          `only a listing under review is published or refused; this one is ${listing.status}`,
        );
      const now = this.clock.now();
      const publish = request.decision === 'publish';
      const changes = {
        status: publish ? ('listed' as const) : ('rejected' as const),
        reviewedBy: actorId(tx.actor),
        reviewNote: request.note?.trim() || null,
        listedAt: publish ? now : null,
      };
      await tx.rows(ListingEntity).update(listing.id, changes);
      if (publish) await this.announce(tx, Object.assign({}, listing, changes));
      else await this.releaseAssets(tx, listing.id);
      return listingMessage(Object.assign({}, listing, changes), assets);
    });
  }

  async announce(tx: TenantWrites, listing: ListingEntity): Promise<void> {
    await tx.emit(TradingEvents.listingPublished, {
      listingId: listing.id,
      title: listing.title,
      dealType: listing.dealType,
      mode: listing.mode,
      askingPrice: listing.askingPrice ?? undefined,
      reservePrice: listing.reservePrice ?? undefined,
      disposalLoanId: listing.disposalLoanId ?? undefined,
      sharedWith: listing.sharedWith,
    });
  }

  /** The seller's side (or the center's staff) takes a listing off before it is sold. */
  async withdraw(ctx: HandlerContext, id: string): Promise<trading.Listing> {
    return ctx.unitOfWork(async (tx) => {
      const { listing, assets } = await this.lock(tx, id);
      const staff = ctx.actor?.kind === 'user';
      if (!isSellerSide(tx.actor, listing) && !staff)
        throw new DomainError(
          TradingErrors.NOT_THE_SELLER,
          "only the seller's side withdraws a listing",
        );
      if (staff) assertCenterStaff(tx.actor);
      if (listing.disposalLoanId && !staff)
        throw new DomainError(TradingErrors.NOT_THE_SELLER, 'a disposal listing is the center’s');
      if (listing.status !== 'pending_review' && listing.status !== 'listed')
        throw conflict(
          TradingErrors.LISTING_NOT_LISTED,
          `the listing is already ${listing.status}`,
        );
      if (listing.bidCount > 0)
        throw conflict(
          TradingErrors.LISTING_NOT_LISTED,
          'an auction with bids is closed by the center, not withdrawn',
        );
      const changes = { status: 'withdrawn' as const, closedAt: this.clock.now() };
      await tx.rows(ListingEntity).update(listing.id, changes);
      await this.releaseAssets(tx, listing.id);
      return listingMessage(Object.assign({}, listing, changes), assets);
    });
  }

  /** The center's staff share a listing with other centers (the list replaces the last one). */
  async share(ctx: HandlerContext, request: trading.ShareListingRequest): Promise<trading.Listing> {
    assertCenterStaff(ctx.actor);
    const centers = [...new Set(request.centers)];
    const problems: FieldProblem[] = [];
    if (centers.length > 20) problems.push({ field: 'centers', message: 'at most 20 centers' });
    if (centers.includes(ctx.tenant))
      problems.push({ field: 'centers', message: 'a listing is its own center’s already' });
    if (problems.length > 0) throw invalidFields(problems, TradingErrors.INVALID_LISTING);
    const known = await this.tenancy.centerCodes(ctx);
    const unknown = centers.filter((code) => !known.includes(code));
    if (unknown.length > 0)
      throw new DomainError(TradingErrors.UNKNOWN_CENTER, `no such center: ${unknown.join(', ')}`, {
        fields: [{ field: 'centers', message: `unknown: ${unknown.join(', ')}` }],
      });
    return ctx.unitOfWork(async (tx) => {
      const { listing, assets } = await this.lock(tx, request.id);
      await tx.rows(ListingEntity).update(listing.id, { sharedWith: centers.sort() });
      return listingMessage(Object.assign({}, listing, { sharedWith: centers }), assets);
    });
  }

  /**
   * A listing the caller may see, in its owning center; 404 when it cannot (another center's not
   * shared with it, or one under review that is not its own).
   */
  async visible(
    ctx: HandlerContext,
    id: string,
  ): Promise<{ owner: OwnerContext; loaded: LoadedListing }> {
    const ownerCenter = await this.centers.listingOwner(ctx, id);
    if (ownerCenter) {
      const owner = this.centers.in(ctx, ownerCenter);
      const [loaded] = await owner.read((tx) => this.loadMany(tx, [id]));
      if (loaded && canSeeListing(ctx.actor, loaded.listing, ownerCenter === ctx.tenant))
        return { owner, loaded };
    }
    throw notFound(TradingErrors.LISTING_NOT_FOUND, `listing ${id}`);
  }

  /**
   * Works on listing `id` under its row lock, in the center that owns it, for a caller who may
   * see it (404 otherwise), with that center's policy. The caller's own center is tried first, in
   * the handler's own unit of work (one transaction, and an Idempotency-Key kept with the write);
   * only when the listing is not there is it looked for among those other centers share with the
   * caller's, and worked on in its owner's transaction.
   */
  async onListing<T>(
    ctx: HandlerContext,
    id: string,
    options: { assets: boolean },
    work: (tx: TenantWrites, loaded: LoadedListing, policy: TradingPolicy) => Promise<T>,
  ): Promise<T> {
    const inCenter = async (owner: OwnerContext, elsewhere: boolean): Promise<T> => {
      const policy = await this.policyOf(owner);
      return owner.unitOfWork(async (tx) => {
        const listing = await tx.rows(ListingEntity).findByIdForUpdate(id);
        if (!listing) throw elsewhere ? new NotInThisCenter() : listingNotFound(id);
        if (!canSeeListing(tx.actor, listing, owner.tenant === owner.caller))
          throw listingNotFound(id);
        const assets = options.assets ? await this.assetsOf(tx, id) : [];
        return work(tx, { listing, assets }, policy);
      });
    };
    try {
      return await inCenter(this.centers.in(ctx, ctx.tenant), true);
    } catch (error) {
      if (!(error instanceof NotInThisCenter)) throw error;
    }
    const ownerCenter = await this.centers.listingOwner(ctx, id);
    if (!ownerCenter || ownerCenter === ctx.tenant) throw listingNotFound(id);
    return inCenter(this.centers.in(ctx, ownerCenter), false);
  }

  /**
   * The listing's row locked for the rest of the transaction (and its assets, unless the caller
   * needs none); 404 when absent.
   */
  async lock(
    tx: TenantWrites,
    id: string,
    options: { assets: boolean } = { assets: true },
  ): Promise<LoadedListing> {
    const listing = await tx.rows(ListingEntity).findByIdForUpdate(id);
    if (!listing) throw listingNotFound(id);
    return { listing, assets: options.assets ? await this.assetsOf(tx, id) : [] };
  }

  private assetsOf(tx: TenantReads, listingId: string): Promise<ListingAssetEntity[]> {
    return tx.rows(ListingAssetEntity).find({ listingId }, { order: { position: 'ASC' } });
  }

  /** Listings by id with their assets, in the order asked, as far as this center may read them. */
  async loadMany(tx: TenantReads, ids: string[]): Promise<LoadedListing[]> {
    if (ids.length === 0) return [];
    const [listings, assets] = [
      await tx.visible(ListingEntity).find({ id: In(ids) }),
      await tx
        .visible(ListingAssetEntity)
        .find({ listingId: In(ids) }, { order: { listingId: 'ASC', position: 'ASC' } }),
    ];
    const byId = new Map(listings.map((l) => [l.id, l]));
    return ids.flatMap((id) => {
      const listing = byId.get(id);
      return listing ? [{ listing, assets: assets.filter((a) => a.listingId === id) }] : [];
    });
  }

  /** An ended listing's assets may be listed again. */
  async releaseAssets(tx: TenantWrites, listingId: string): Promise<void> {
    await tx.rows(ListingAssetEntity).updateWhere({ listingId, open: true }, { open: false });
  }

  async policyOf(ctx: Pick<HandlerContext, 'tenant' | 'read'>): Promise<TradingPolicy> {
    return (await this.policy.of(ctx)) as TradingPolicy;
  }

  /** Which of the listing's assets back a live loan, as field problems naming them. */
  private async pledgedAssets(
    ctx: HandlerContext,
    checked: CheckedListing,
  ): Promise<FieldProblem[]> {
    const { pledgedIdentities } = await this.client.request(
      CreditRpc.pledgedAssets,
      { identities: checked.assets.map((a) => a.identity) },
      ctx,
    );
    return checked.assets.flatMap((asset, i) =>
      pledgedIdentities.includes(asset.identity)
        ? [{ field: `assets[${i}].number`, message: 'is pledged to a live loan' }]
        : [],
    );
  }

  /** The valuation's conclusion, when the listing names a valuation of the seller's rights. */
  private async referencePrice(
    ctx: HandlerContext,
    valuationId: string | undefined,
    sellerEnterpriseId: string,
  ): Promise<string | null> {
    if (valuationId === undefined) return null;
    const valuation = await this.client.request(ValuationRpc.get, { id: valuationId }, ctx);
    if (valuation.enterpriseId !== sellerEnterpriseId)
      throw invalidFields(
        [{ field: 'valuationId', message: "is not a valuation of the seller's rights" }],
        TradingErrors.INVALID_LISTING,
      );
    return valuation.conclusion?.value ?? null;
  }
}

const listingNotFound = (id: string) => notFound(TradingErrors.LISTING_NOT_FOUND, `listing ${id}`);

/** A listing not in the caller's own center: its unit of work rolls back, nothing written. */
class NotInThisCenter extends Error {}
