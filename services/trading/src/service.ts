import { domainService } from '@tf/platform';
import { BidsService } from './bids/bids.service';
import { ListingCenters } from './centers/listing-centers';
import { AuctionSweep } from './closing/auction-sweep';
import { ClosingService } from './closing/closing.service';
import { TradingConfig } from './config';
import { TradeDealsService } from './deals/trade-deals.service';
import { DisposalEvents } from './disposal/disposal-events.service';
import {
  BidEntity,
  ListingAssetEntity,
  ListingEntity,
  OfferEntity,
  TradeDealEntity,
} from './listings/listing.entity';
import {
  BidsHandlers,
  ClosingHandlers,
  ListingsHandlers,
  OffersHandlers,
  TradeDealsHandlers,
} from './listings/listings.handlers';
import { ListingsService } from './listings/listings.service';
import { TRADING_POLICY } from './listings/trading-policy';
import { migrations } from './migrations';
import { OffersService } from './offers/offers.service';

/** 易: the technology-achievement exchange: listings, bids and offers, deals and their registration. */
export const service = domainService({
  config: TradingConfig,
  entities: [ListingEntity, ListingAssetEntity, BidEntity, OfferEntity, TradeDealEntity],
  migrations,
  policy: TRADING_POLICY,
  handlers: [ListingsHandlers, BidsHandlers, OffersHandlers, ClosingHandlers, TradeDealsHandlers],
  providers: [
    ListingCenters,
    ListingsService,
    BidsService,
    OffersService,
    TradeDealsService,
    ClosingService,
    AuctionSweep,
    DisposalEvents,
  ],
});
