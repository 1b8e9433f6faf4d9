import { GetPolicyRequestSchema } from './gen/tf/common/v1/envelope_pb';
import * as m from './gen/tf/trading/v1/trading_pb';
import { command, event, policySection, query } from './contract';

/** The trading service's operations (API.md "Trading"). */
export const TradingRpc = {
  createListing: command(
    'tf.trading.listing.create',
    m.CreateListingRequestSchema,
    m.ListingSchema,
  ),
  getListing: query('tf.trading.listing.get', m.GetListingRequestSchema, m.ListingSchema),
  listListings: query('tf.trading.listing.list', m.ListListingsRequestSchema, m.ListingListSchema),
  reviewListing: command(
    'tf.trading.listing.review',
    m.ReviewListingRequestSchema,
    m.ListingSchema,
  ),
  withdrawListing: command(
    'tf.trading.listing.withdraw',
    m.WithdrawListingRequestSchema,
    m.ListingSchema,
  ),
  shareListing: command('tf.trading.listing.share', m.ShareListingRequestSchema, m.ListingSchema),
  closeListing: command(
    'tf.trading.listing.close',
    m.CloseListingRequestSchema,
    m.ListingClosedSchema,
  ),
  placeBid: command('tf.trading.bid.place', m.PlaceBidRequestSchema, m.BidSchema),
  listBids: query('tf.trading.bid.list', m.ListBidsRequestSchema, m.BidListSchema),
  makeOffer: command('tf.trading.offer.make', m.MakeOfferRequestSchema, m.OfferSchema),
  listOffers: query('tf.trading.offer.list', m.ListOffersRequestSchema, m.OfferListSchema),
  decideOffer: command('tf.trading.offer.decide', m.DecideOfferRequestSchema, m.OfferSchema),
  getDeal: query('tf.trading.deal.get', m.GetTradeDealRequestSchema, m.TradeDealSchema),
  listDeals: query('tf.trading.deal.list', m.ListTradeDealsRequestSchema, m.TradeDealListSchema),
  settleDeal: command('tf.trading.deal.settle', m.SettleTradeDealRequestSchema, m.TradeDealSchema),
  registerDeal: command(
    'tf.trading.deal.register',
    m.RegisterTradeDealRequestSchema,
    m.TradeDealSchema,
  ),
  getPolicy: query('tf.trading.policy.get', GetPolicyRequestSchema, m.TradingPolicySchema),
  updatePolicy: command(
    'tf.trading.policy.update',
    m.UpdateTradingPolicyRequestSchema,
    m.TradingPolicySchema,
  ),
} as const;

/** What the trading service announces: valuation keeps closed deals as comparables; credit and guarantee recover from collateral sales. */
export const TradingEvents = {
  listingPublished: event('trading', 'listing-published', m.ListingPublishedSchema),
  bidPlaced: event('trading', 'bid-placed', m.BidPlacedSchema),
  tradeDealClosed: event('trading', 'trade-deal-closed', m.TradeDealClosedSchema),
  collateralSold: event('trading', 'collateral-sold', m.CollateralSoldSchema),
} as const;

/** The trading section of a center's policy: commission, increment, anti-sniping, disposal. */
export const TradingPolicySection = policySection(
  'trading',
  TradingRpc.getPolicy,
  TradingRpc.updatePolicy,
);
