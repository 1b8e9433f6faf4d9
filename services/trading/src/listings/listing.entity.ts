import type {
  AssetKind,
  ListingStatus,
  OfferStatus,
  PatentType,
  PricingMode,
  SettlementStatus,
  TradeDealType,
} from '@tf/contracts';
import { MoneyColumn, TenantOwnedEntity } from '@tf/platform';
import { Column, Entity } from 'typeorm';

@Entity({ schema: 'trading', name: 'listings' })
export class ListingEntity extends TenantOwnedEntity {
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'seller_enterprise_id', type: 'uuid' }) sellerEnterpriseId!: string;
  @Column({ name: 'deal_type', type: 'text' }) dealType!: TradeDealType;
  @Column({ type: 'text' }) mode!: PricingMode;
  @MoneyColumn('asking_price', { nullable: true }) askingPrice!: string | null;
  @MoneyColumn('reserve_price', { nullable: true }) reservePrice!: string | null;
  @MoneyColumn('increment', { nullable: true }) increment!: string | null;
  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true }) endsAt!: Date | null;
  @Column({ name: 'valuation_id', type: 'uuid', nullable: true }) valuationId!: string | null;
  /** The valuation's conclusion when the listing was made, shown next to the asking price. */
  @MoneyColumn('reference_price', { nullable: true }) referencePrice!: string | null;
  @Column({ type: 'text' }) status!: ListingStatus;
  @MoneyColumn('best_bid', { nullable: true }) bestBid!: string | null;
  @Column({ name: 'bid_count', type: 'integer' }) bidCount!: number;
  /** Centers whose partners may see it and bid (PostgreSQL lets them read it, nothing more). */
  @Column({ name: 'shared_with', type: 'text', array: true }) sharedWith!: string[];
  /** Set on a disposal listing: the defaulted loan whose pledged patents it sells. */
  @Column({ name: 'disposal_loan_id', type: 'uuid', nullable: true })
  disposalLoanId!: string | null;
  @Column({ name: 'disposal_guarantee_id', type: 'uuid', nullable: true })
  disposalGuaranteeId!: string | null;
  @Column({ name: 'deal_id', type: 'uuid', nullable: true }) dealId!: string | null;
  /** "partner:<id>", "user:<id>" or "system:<…>" (a disposal). */
  @Column({ name: 'listed_by', type: 'text' }) listedBy!: string;
  /** The partner whose key listed it: the seller's side, which alone of the partners sees it before review. */
  @Column({ name: 'listed_by_partner', type: 'uuid', nullable: true })
  listedByPartner!: string | null;
  /** Who earns the commission: "partner:<id>" of the broker that listed it, or "center". */
  @Column({ type: 'text' }) broker!: string;
  @Column({ name: 'reviewed_by', type: 'text', nullable: true }) reviewedBy!: string | null;
  @Column({ name: 'review_note', type: 'text', nullable: true }) reviewNote!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'listed_at', type: 'timestamptz', nullable: true }) listedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
}

@Entity({ schema: 'trading', name: 'listing_assets' })
export class ListingAssetEntity extends TenantOwnedEntity {
  @Column({ name: 'listing_id', type: 'uuid' }) listingId!: string;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'text' }) kind!: AssetKind;
  @Column({ type: 'text' }) number!: string;
  /** The asset whatever its notation (CN… and ZL… of one patent are one). */
  @Column({ type: 'text' }) identity!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'patent_type', type: 'text', nullable: true }) patentType!: PatentType | null;
  @Column({ name: 'ipc_class', type: 'text', nullable: true }) ipcClass!: string | null;
  @Column({ name: 'expires_on', type: 'date', nullable: true }) expiresOn!: string | null;
  /** True while its listing is pending or listed: an asset is in one open listing at a time. */
  @Column({ type: 'boolean' }) open!: boolean;
}

@Entity({ schema: 'trading', name: 'bids' })
export class BidEntity extends TenantOwnedEntity {
  @Column({ name: 'listing_id', type: 'uuid' }) listingId!: string;
  @MoneyColumn('amount') amount!: string;
  @Column({ type: 'text' }) bidder!: string;
  @Column({ name: 'bidder_center', type: 'text' }) bidderCenter!: string;
  @Column({ name: 'bidder_partner', type: 'uuid', nullable: true }) bidderPartner!: string | null;
  @Column({ name: 'placed_at', type: 'timestamptz' }) placedAt!: Date;
  /** The auction's end once this bid stood (a late bid moves it). */
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt!: Date;
}

@Entity({ schema: 'trading', name: 'offers' })
export class OfferEntity extends TenantOwnedEntity {
  @Column({ name: 'listing_id', type: 'uuid' }) listingId!: string;
  @MoneyColumn('amount') amount!: string;
  @Column({ type: 'text' }) buyer!: string;
  @Column({ name: 'buyer_center', type: 'text' }) buyerCenter!: string;
  @Column({ name: 'buyer_partner', type: 'uuid', nullable: true }) buyerPartner!: string | null;
  @Column({ type: 'text' }) status!: OfferStatus;
  @MoneyColumn('counter_amount', { nullable: true }) counterAmount!: string | null;
  @Column({ type: 'text', nullable: true }) message!: string | null;
  @Column({ name: 'made_at', type: 'timestamptz' }) madeAt!: Date;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'deal_id', type: 'uuid', nullable: true }) dealId!: string | null;
}

@Entity({ schema: 'trading', name: 'trade_deals' })
export class TradeDealEntity extends TenantOwnedEntity {
  @Column({ name: 'listing_id', type: 'uuid' }) listingId!: string;
  @Column({ name: 'seller_enterprise_id', type: 'uuid' }) sellerEnterpriseId!: string;
  @Column({ type: 'text' }) buyer!: string;
  @Column({ name: 'buyer_center', type: 'text' }) buyerCenter!: string;
  @Column({ name: 'buyer_partner', type: 'uuid', nullable: true }) buyerPartner!: string | null;
  @MoneyColumn('price') price!: string;
  @Column({ name: 'commission_rate', type: 'numeric', precision: 12, scale: 10 })
  commissionRate!: string;
  @MoneyColumn('commission') commission!: string;
  /** "partner:<id>" of the broker that listed it, or "center" when the center's staff did. */
  @Column({ type: 'text' }) broker!: string;
  @Column({ name: 'deal_type', type: 'text' }) dealType!: TradeDealType;
  @Column({ type: 'text' }) status!: SettlementStatus;
  @Column({ name: 'registration_number', type: 'text', nullable: true })
  registrationNumber!: string | null;
  @Column({ name: 'closed_on', type: 'date' }) closedOn!: string;
  @Column({ name: 'paid_on', type: 'date', nullable: true }) paidOn!: string | null;
  @Column({ name: 'transferred_on', type: 'date', nullable: true }) transferredOn!: string | null;
  @Column({ name: 'registered_on', type: 'date', nullable: true }) registeredOn!: string | null;
  @Column({ name: 'disposal_loan_id', type: 'uuid', nullable: true })
  disposalLoanId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
