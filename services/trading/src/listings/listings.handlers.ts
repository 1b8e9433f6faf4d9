import { TradingRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { BidsService } from '../bids/bids.service';
import { ClosingService } from '../closing/closing.service';
import { TradeDealsService } from '../deals/trade-deals.service';
import { OffersService } from '../offers/offers.service';
import { ListingsService } from './listings.service';

export const ListingsHandlers = rpcHandlers(ListingsService)
  .on(TradingRpc.createListing, (listings, request, ctx) => listings.create(ctx, request))
  .on(TradingRpc.getListing, (listings, { id }, ctx) => listings.get(ctx, id))
  .on(TradingRpc.listListings, (listings, request, ctx) => listings.list(ctx, request))
  .on(TradingRpc.reviewListing, (listings, request, ctx) => listings.review(ctx, request))
  .on(TradingRpc.withdrawListing, (listings, { id }, ctx) => listings.withdraw(ctx, id))
  .on(TradingRpc.shareListing, (listings, request, ctx) => listings.share(ctx, request));

export const BidsHandlers = rpcHandlers(BidsService)
  .on(TradingRpc.placeBid, (bids, request, ctx) => bids.place(ctx, request))
  .on(TradingRpc.listBids, (bids, { id }, ctx) => bids.list(ctx, id));

export const OffersHandlers = rpcHandlers(OffersService)
  .on(TradingRpc.makeOffer, (offers, request, ctx) => offers.make(ctx, request))
  .on(TradingRpc.listOffers, (offers, { id }, ctx) => offers.list(ctx, id))
  .on(TradingRpc.decideOffer, (offers, request, ctx) => offers.decide(ctx, request));

export const ClosingHandlers = rpcHandlers(ClosingService).on(
  TradingRpc.closeListing,
  (closing, { id }, ctx) => closing.close(ctx, id),
);

export const TradeDealsHandlers = rpcHandlers(TradeDealsService)
  .on(TradingRpc.getDeal, (deals, { id }, ctx) => deals.get(ctx, id))
  .on(TradingRpc.listDeals, (deals, request, ctx) => deals.list(ctx, request))
  .on(TradingRpc.settleDeal, (deals, request, ctx) => deals.settle(ctx, request))
  .on(TradingRpc.registerDeal, (deals, request, ctx) => deals.register(ctx, request));
