import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ASSET_KINDS,
  LISTING_STATUSES,
  MAX_LISTING_ASSETS,
  OFFER_STATUSES,
  PATENT_TYPES,
  PRICING_MODES,
  SETTLEMENT_STATUSES,
  TENANT_CODE,
  TRADE_DEAL_TYPES,
} from '@tf/contracts';
import {
  BooleanField,
  DateField,
  EnumField,
  IdField,
  InstantField,
  MoneyField,
  NestedField,
  NestedListField,
  TextField,
  TextListField,
} from '../http/fields';
import { PageQuery } from '../http/page.dto';

/** The IPC subclass valuation's comparables are matched on: section, class, subclass ("H01M"). */
const IPC_CLASS = /^[A-H]\d{2}[A-Z]$/;
const IPC_CLASS_MESSAGE = 'must be an IPC subclass such as H01M';
/** The centers a listing may be shared with at once. */
const MAX_SHARED_CENTERS = 50;
/** What a settlement may record: the buyer paid, then the rights were transferred. */
const SETTLEMENT_STEPS = SETTLEMENT_STATUSES.filter((status) => status !== 'awaiting_payment');
/** How a closed listing ended. */
const CLOSED_STATUSES = ['sold', 'unsold'] as const;

const LISTING_ID = '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5eb0';
const DEAL_ID = '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5eb1';
const ENTERPRISE_ID = '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e70';

// ---- listings: what a seller sends -----------------------------------------------------------

export class ListingAssetDto {
  @EnumField(ASSET_KINDS, { example: 'patent' }) kind!: string;

  @TextField({
    maxLength: 64,
    example: 'ZL202110123456.7',
    description:
      'Patent: CN/ZL number (its check digit is checked); software copyright: registration number; know-how: your reference. ' +
      'An asset is in one open listing at a time (409 asset-already-listed)',
  })
  number!: string;

  @TextField({ maxLength: 200, example: '一种固态锂电池电解质 Solid-state battery electrolyte' })
  title!: string;

  @EnumField(PATENT_TYPES, {
    example: 'invention',
    description: 'Required for a patent, refused for the other kinds',
    optional: true,
  })
  patentType?: string;

  @TextField({
    maxLength: 4,
    pattern: IPC_CLASS,
    patternMessage: IPC_CLASS_MESSAGE,
    example: 'H01M',
    description:
      "IPC subclass; once the deal closes, valuation's market approach compares patents of the same subclass with its price",
    optional: true,
  })
  ipcClass?: string;

  @DateField({
    example: '2041-01-12',
    description:
      "When the right ends (a patent's legal expiry); valuation reads its remaining life",
    optional: true,
  })
  expiresOn?: string;
}

export class PricingDto {
  @EnumField(PRICING_MODES, {
    example: 'auction',
    description:
      'fixed: buyers offer the asking price; negotiable: buyers offer any amount and the seller accepts one; ' +
      'auction: English, bids rise by the increment until the end, the best bid at or above the reserve wins',
  })
  mode!: string;

  @MoneyField({
    description: 'fixed: required; negotiable: the price asked for, if any; auction: refused',
    example: '800000.00',
    positive: true,
    optional: true,
  })
  askingPrice?: string;

  @MoneyField({
    description:
      'Auctions only: the least the best bid must reach for the lot to sell (bids may open under it); none: any bid sells',
    example: '500000.00',
    positive: true,
    optional: true,
  })
  reservePrice?: string;

  @MoneyField({
    description:
      "Auctions only: each bid beats the best by at least this; at least, and by default, the center's minimumIncrement",
    example: '10000.00',
    positive: true,
    optional: true,
  })
  increment?: string;

  @InstantField({
    example: '2026-12-20T10:00:00Z',
    description:
      'Auctions only, required: when bidding ends, 1 hour to 180 days ahead. A bid in the last minutes moves it back ' +
      "(the center's anti-sniping policy)",
    optional: true,
  })
  endsAt?: string;
}

export class CreateListingDto {
  @TextField({ maxLength: 200, example: '固态电池专利包 Solid-state battery patent family' })
  title!: string;

  @IdField({
    of: 'an enterprise',
    description:
      "The enterprise selling, one of this center's; an SME's own key lists its own only",
    example: ENTERPRISE_ID,
  })
  sellerEnterpriseId!: string;

  @NestedListField(ListingAssetDto, {
    minItems: 1,
    maxItems: MAX_LISTING_ASSETS,
    itemName: 'asset',
    description: `1 to ${MAX_LISTING_ASSETS} assets, sold together. A patent pledged under an active loan cannot be listed (422 asset-pledged)`,
  })
  assets!: ListingAssetDto[];

  @EnumField(TRADE_DEAL_TYPES, {
    example: 'transfer',
    description:
      'transfer (assignment of the rights), exclusive_license (not even the seller may use it), sole_license (the seller ' +
      'and the buyer only), non_exclusive_license, or know_how (know-how assets only)',
  })
  dealType!: string;

  @NestedField(PricingDto, { description: 'How the price is found' })
  pricing!: PricingDto;

  @IdField({
    of: 'a valuation',
    description:
      'A valuation of these assets; its conclusion is shown to buyers as referencePrice next to the asking price',
    optional: true,
  })
  valuationId?: string;
}

export class ListingListQuery extends PageQuery {
  @EnumField(LISTING_STATUSES, {
    example: 'listed',
    description: 'Only listings in this state',
    optional: true,
  })
  status?: string;

  @EnumField(TRADE_DEAL_TYPES, { example: 'transfer', optional: true }) dealType?: string;

  @EnumField(PRICING_MODES, { example: 'auction', optional: true }) mode?: string;

  @TextField({
    maxLength: 200,
    example: '固态电池',
    description: 'Words of the title, or an asset number',
    optional: true,
  })
  q?: string;

  @EnumField(PATENT_TYPES, {
    example: 'invention',
    description: 'Listings with a patent of this type',
    optional: true,
  })
  patentType?: string;

  @TextField({
    maxLength: 4,
    pattern: IPC_CLASS,
    patternMessage: IPC_CLASS_MESSAGE,
    example: 'H01M',
    description: 'Listings with an asset of this IPC subclass',
    optional: true,
  })
  ipcClass?: string;

  @IdField({
    of: 'an enterprise',
    description: "Only this enterprise's listings",
    optional: true,
  })
  sellerEnterpriseId?: string;

  @BooleanField({
    example: true,
    description: 'Also the listings other centers share with this one (false when left out)',
    optional: true,
    fromQuery: true,
  })
  includeShared?: boolean;
}

export class PublishListingDto {
  @TextField({
    maxLength: 1000,
    example: 'Ownership checked against the CNIPA register',
    description: 'For the record',
    optional: true,
  })
  note?: string;
}

export class RejectListingDto {
  @TextField({
    maxLength: 1000,
    example: 'The seller is not the registered owner of ZL202110123456.7',
    description: 'Why; the seller reads it as reviewNote',
  })
  note!: string;
}

export class ShareListingDto {
  @TextListField({
    maxItems: MAX_SHARED_CENTERS,
    maxLength: 31,
    pattern: TENANT_CODE,
    patternMessage: "must be a center's code",
    example: ['beijing'],
    description:
      'Replaces the list: the other centers whose partners may see the listing and bid or offer; [] stops sharing. ' +
      'It stays owned and settled by this center',
  })
  centers!: string[];
}

export class PlaceBidDto {
  @MoneyField({
    description: "At least the listing's nextMinimumBid (422 bid-too-low), before its end",
    example: '520000.00',
    positive: true,
  })
  amount!: string;
}

export class CounterOfferDto {
  @MoneyField({
    description: "The seller's counter to the buyer's amount",
    example: '820000.00',
    positive: true,
  })
  amount!: string;
}

export class MakeOfferDto {
  @MoneyField({
    description: 'A fixed-price listing: exactly the asking price; a negotiable one: any amount',
    example: '750000.00',
    positive: true,
  })
  amount!: string;

  @TextField({
    maxLength: 2000,
    example: 'We can pay within 30 days of signing',
    description: 'For the seller',
    optional: true,
  })
  message?: string;
}

// ---- listings: what the API answers ----------------------------------------------------------

class ListedAssetDto {
  @ApiProperty({ enum: ASSET_KINDS }) kind!: string;
  @ApiProperty({ example: 'ZL202110123456.7' }) number!: string;
  @ApiProperty({ example: '一种固态锂电池电解质 Solid-state battery electrolyte' }) title!: string;
  @ApiPropertyOptional({ enum: PATENT_TYPES, nullable: true }) patentType?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'H01M' }) ipcClass?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2041-01-12' }) expiresOn?:
    | string
    | null;
}

class ListingPricingDto {
  @ApiProperty({ enum: PRICING_MODES }) mode!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: null }) askingPrice?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '500000.00',
    description: 'An auction sells only when its best bid reaches it',
  })
  reservePrice?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '10000.00',
    description: 'An auction: the least step above the best bid',
  })
  increment?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-12-20T10:00:00.000Z',
    description:
      "An auction's end as it stands: a bid in the last minutes moves it back (anti-sniping)",
  })
  endsAt?: string | null;
}

export class ListingDto {
  @ApiProperty({ example: LISTING_ID }) id!: string;
  @ApiProperty({ example: 'jinan', description: 'The center that owns and settles it' })
  tenant!: string;
  @ApiProperty({ example: '固态电池专利包 Solid-state battery patent family' }) title!: string;
  @ApiProperty({ example: ENTERPRISE_ID }) sellerEnterpriseId!: string;
  @ApiProperty({ type: [ListedAssetDto] }) assets!: ListedAssetDto[];
  @ApiProperty({ enum: TRADE_DEAL_TYPES }) dealType!: string;
  @ApiProperty({ type: ListingPricingDto }) pricing!: ListingPricingDto;
  @ApiProperty({
    enum: LISTING_STATUSES,
    example: 'pending_review',
    description:
      'pending_review until an analyst publishes (listed) or rejects it; then sold, unsold (an auction under its ' +
      'reserve, or without bids) or withdrawn',
  })
  status!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) valuationId?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '760000.00',
    description:
      "The valuation's conclusion, shown next to the asking price as a reference; not a price anyone has offered",
  })
  referencePrice?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '510000.00',
    description: 'An auction: the best bid so far',
  })
  bestBid?: string | null;
  @ApiProperty({ example: 3, description: 'An auction: how many bids it has had' })
  bidCount!: number;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '520000.00',
    description:
      'An auction still listed: the least the next bid may be (the best bid plus the increment); a lower bid is 422 bid-too-low',
  })
  nextMinimumBid?: string | null;
  @ApiProperty({
    type: [String],
    example: ['beijing'],
    description: 'The other centers it is shared with: their partners see it and may bid or offer',
  })
  sharedWith!: string[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      "A disposal listing: the defaulted loan whose pledged patents (or, with disposalGuaranteeId, whose guarantee's counter-guarantees) it sells; the sale's proceeds recover that loan",
  })
  disposalLoanId?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      "A disposal of a claimed guarantee's counter-guarantees: the institution sells them; the proceeds recover its claim by the risk split, the bank's share its loan",
  })
  disposalGuaranteeId?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Once sold' }) dealId?:
    | string
    | null;
  @ApiProperty({
    example: 'partner:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e71',
    description: 'Who listed it: a partner (a broker, the SME itself) or a staff user',
  })
  listedBy!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) reviewedBy?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The analyst's note on publishing or rejecting",
  })
  reviewNote?: string | null;
  @ApiProperty({ example: '2026-12-01T10:00:00.000Z' }) createdAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-12-02T09:00:00.000Z' })
  listedAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: null }) closedAt?: string | null;
}

export class ListingListDto {
  @ApiProperty({ type: [ListingDto] }) items!: ListingDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class ListingClosedDto {
  @ApiProperty({
    enum: CLOSED_STATUSES,
    example: 'sold',
    description: 'sold to the best bid at or above the reserve, else unsold',
  })
  status!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: DEAL_ID,
    description: 'The trade deal, when sold',
  })
  dealId?: string | null;
  @ApiProperty({ type: ListingDto }) listing!: ListingDto;
}

// ---- bids and offers -------------------------------------------------------------------------

export class BidDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: LISTING_ID }) listingId!: string;
  @ApiProperty({ example: '520000.00' }) amount!: string;
  @ApiProperty({ example: 'partner:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e72' }) bidder!: string;
  @ApiProperty({
    example: 'beijing',
    description: "The bidder's center: another one when the listing is shared",
  })
  bidderCenter!: string;
  @ApiProperty({ example: '2026-12-20T09:58:00.000Z' }) placedAt!: string;
  @ApiProperty({
    example: '2026-12-20T10:03:00.000Z',
    description:
      "The auction's end after this bid: a bid within the policy's anti-sniping window before the end moves the end back",
  })
  endsAt!: string;
}

export class BidListDto {
  @ApiProperty({ type: [BidDto] }) items!: BidDto[];
}

export class OfferDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: LISTING_ID }) listingId!: string;
  @ApiProperty({ example: '750000.00' }) amount!: string;
  @ApiProperty({ example: 'partner:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e72' }) buyer!: string;
  @ApiProperty({ example: 'jinan' }) buyerCenter!: string;
  @ApiProperty({
    enum: OFFER_STATUSES,
    example: 'open',
    description:
      "open until the seller's side accepts, declines or counters it; countered until its buyer answers; lapsed once the listing sold otherwise or closed",
  })
  status!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '820000.00',
    description: "The seller's counter-offer, for its buyer to accept or decline",
  })
  counterAmount?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) message?: string | null;
  @ApiProperty({ example: '2026-12-05T14:00:00.000Z' }) madeAt!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The trade deal, once accepted',
  })
  dealId?: string | null;
}

export class OfferListDto {
  @ApiProperty({ type: [OfferDto] }) items!: OfferDto[];
}

// ---- trade deals -----------------------------------------------------------------------------

export class TradeDealDto {
  @ApiProperty({ example: DEAL_ID }) id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty({ example: LISTING_ID }) listingId!: string;
  @ApiProperty({ example: ENTERPRISE_ID }) sellerEnterpriseId!: string;
  @ApiProperty({ example: 'partner:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e72' }) buyer!: string;
  @ApiProperty({ example: 'jinan' }) buyerCenter!: string;
  @ApiProperty({ example: '520000.00' }) price!: string;
  @ApiProperty({
    example: '0.03',
    description: "The center's policy rate when the deal closed",
  })
  commissionRate!: string;
  @ApiProperty({
    example: '15600.00',
    description: "The center broker's fee: price × commissionRate, to the cent",
  })
  commission!: string;
  @ApiProperty({
    example: 'center',
    description: '"partner:<id>" of the broker that listed it, or "center" when its staff did',
  })
  broker!: string;
  @ApiProperty({ enum: TRADE_DEAL_TYPES }) dealType!: string;
  @ApiProperty({
    enum: SETTLEMENT_STATUSES,
    example: 'awaiting_payment',
    description: 'Forward only: awaiting_payment, paid, transferred',
  })
  status!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'JINAN-2026-000042',
    description: 'The technology-contract registration number, once registered',
  })
  registrationNumber?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: null,
    description: 'When the technology contract was registered',
  })
  registeredOn?: string | null;
  @ApiProperty({ example: '2026-12-20' }) closedOn!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: null }) paidOn?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: null }) transferredOn?:
    | string
    | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A disposal sale: the defaulted loan its proceeds recover',
  })
  disposalLoanId?: string | null;
}

export class TradeDealListDto {
  @ApiProperty({ type: [TradeDealDto] }) items!: TradeDealDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class TradeDealListQuery extends PageQuery {
  @EnumField(SETTLEMENT_STATUSES, {
    example: 'awaiting_payment',
    description: 'Only deals in this state',
    optional: true,
  })
  status?: string;

  @IdField({ of: 'a listing', description: "Only this listing's deal", optional: true })
  listingId?: string;
}

export class SettleTradeDealDto {
  @EnumField(SETTLEMENT_STEPS, {
    example: 'paid',
    description: 'paid (the buyer paid), then transferred (the rights changed hands); forward only',
  })
  status!: string;

  @DateField({
    example: '2026-12-28',
    description: 'The day it happened (not in the future)',
    past: true,
  })
  on!: string;
}

export class RegisterTradeDealDto {
  @DateField({
    example: '2027-01-05',
    description: 'The day the technology contract was registered (not in the future)',
    past: true,
  })
  registeredOn!: string;
}
