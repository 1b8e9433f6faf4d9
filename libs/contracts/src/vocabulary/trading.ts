import { defineErrors } from '@tf/core';

/**
 * What a seller offers (DOMAIN.md "Trading"): the patent itself (assignment), a licence of it
 * (exclusive: not even the seller may use it; sole: the seller may, nobody else; non-exclusive:
 * anyone the seller licenses), or unpatented know-how.
 */
export const TRADE_DEAL_TYPES = [
  'transfer',
  'exclusive_license',
  'sole_license',
  'non_exclusive_license',
  'know_how',
] as const;
export type TradeDealType = (typeof TRADE_DEAL_TYPES)[number];

/**
 * How the price is found: fixed (the first buyer to accept the asking price wins), negotiable
 * (buyers offer, the seller accepts one) or an English auction (bids rise by the increment until
 * the end time; the best bid at or above the reserve wins).
 */
export const PRICING_MODES = ['fixed', 'negotiable', 'auction'] as const;
export type PricingMode = (typeof PRICING_MODES)[number];

/** A listing's life: reviewed, then listed until sold, unsold (an auction under its reserve) or withdrawn. */
export const LISTING_STATUSES = [
  'pending_review',
  'listed',
  'rejected',
  'withdrawn',
  'sold',
  'unsold',
] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/** The statuses in which a listing still holds its assets: the same asset is not listed twice. */
export const OPEN_LISTING_STATUSES = [
  'pending_review',
  'listed',
] as const satisfies readonly ListingStatus[];

/**
 * An offer on a fixed-price or negotiable listing: open until the seller's side accepts, declines
 * or counters it; a countered offer waits for its buyer to accept or decline the counter.
 */
export const OFFER_STATUSES = ['open', 'countered', 'accepted', 'declined', 'lapsed'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** A trade deal's settlement, forward only: the buyer pays, then the rights are transferred. */
export const SETTLEMENT_STATUSES = ['awaiting_payment', 'paid', 'transferred'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];

export const MAX_LISTING_ASSETS = 20;

/** What the trading service refuses, and how a client sees it. */
export const TradingErrors = defineErrors({
  LISTING_NOT_FOUND: { status: 404 },
  OFFER_NOT_FOUND: { status: 404 },
  TRADE_DEAL_NOT_FOUND: { status: 404 },
  INVALID_LISTING: { status: 400 },
  INVALID_BID: { status: 400 },
  INVALID_TRADE_DEAL: { status: 400 },
  BUYERS_ARE_PARTNERS: { status: 403 },
  TRADE_DATED_IN_FUTURE: { status: 422 },
  TRADE_DATED_BEFORE_PREVIOUS_STEP: { status: 422 },
  LISTING_NOT_PENDING: { status: 409 },
  LISTING_NOT_LISTED: { status: 409 },
  ASSET_ALREADY_LISTED: { status: 409 },
  ASSET_PLEDGED: { status: 422 },
  BID_TOO_LOW: { status: 422 },
  BID_AFTER_END: { status: 422 },
  BID_AMOUNT_TAKEN: { status: 422 },
  SELLER_CANNOT_BUY: { status: 422 },
  WRONG_PRICING_MODE: { status: 422 },
  OFFER_NOT_AT_ASKING_PRICE: { status: 422 },
  OFFER_NOT_OPEN: { status: 409 },
  NOT_THE_SELLER: { status: 403 },
  LISTINGS_NOT_REVIEWER: { status: 403 },
  LISTINGS_NOT_WRITER: { status: 403 },
  SETTLEMENT_NOT_FORWARD: { status: 409 },
  DEAL_ALREADY_REGISTERED: { status: 409 },
  UNKNOWN_CENTER: { status: 422 },
});
