import { Body, Controller, Get, HttpCode, Put, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TradingRpc } from '@tf/contracts';
import type { HttpRequest } from '../http/http-types';
import { Allow, READERS } from '../auth/allow.decorator';
import { Forward } from '../http/forward';
import { IdParam } from '../http/params';
import { ApiProblems } from '../http/problem.dto';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import {
  BidDto,
  BidListDto,
  CounterOfferDto,
  CreateListingDto,
  ListingClosedDto,
  ListingDto,
  ListingListDto,
  ListingListQuery,
  MakeOfferDto,
  OfferDto,
  OfferListDto,
  PlaceBidDto,
  PublishListingDto,
  RegisterTradeDealDto,
  RejectListingDto,
  SettleTradeDealDto,
  ShareListingDto,
  TradeDealDto,
  TradeDealListDto,
  TradeDealListQuery,
} from './trading.dto';

/** Partners with a listings:read key (banks, brokers, funds, SMEs…) and every staff reader. */
const READ = { roles: READERS, scopes: ['listings:read'] } as const;
/** Listing, withdrawing, answering offers: a seller's or broker's key, or the center's staff. */
const WRITE = { roles: ['analyst', 'center-admin'], scopes: ['listings:write'] } as const;
/** Answering an offer: the seller's side (writers, staff) or the buyer that made it (bidders). */
const ANSWER = {
  roles: ['analyst', 'center-admin'],
  scopes: ['listings:write', 'listings:bid'],
} as const;
/** Bidding and offering: partner keys only; the center's staff run the market, they do not buy. */
const BUY = { roles: [], scopes: ['listings:bid'] } as const;
/** Reviewing listings, the hammer, registration: the center's analysts. */
const ANALYST = { roles: ['analyst'] } as const;
/** Sharing listings and recording settlement: the center's staff. */
const STAFF = { roles: ['analyst', 'center-admin'] } as const;

@ApiTags('trading')
@Controller()
export class TradingController {
  constructor(private readonly forward: Forward) {}

  @IdempotentPost('listings')
  @Allow(WRITE)
  @ApiOperation({
    summary: 'List patents, software copyrights or know-how for sale or licence (pending review)',
    description:
      'Starts pending_review; an analyst publishes it. Each asset is in one open listing at a time (409 asset-already-listed); ' +
      'a patent pledged under an active loan cannot be listed (422 asset-pledged). A valuationId shows its conclusion as ' +
      'referencePrice. Cross-field rules (a fixed price needs askingPrice, an auction endsAt, …) are 400s naming the field.',
  })
  @ApiCreatedResponse({ type: ListingDto })
  @ApiProblems(404, 409, 422)
  createListing(@Body() body: CreateListingDto, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.createListing, body, request);
  }

  @Get('listings')
  @Allow(READ)
  @ApiOperation({
    summary: "The center's listings, by state, deal type, pricing, patent type, IPC class or words",
    description: 'includeShared=true adds the listings other centers share with this one.',
  })
  @ApiOkResponse({ type: ListingListDto })
  @ApiProblems(404)
  listListings(@Query() query: ListingListQuery, @Req() request: HttpRequest) {
    return this.forward.page(
      TradingRpc.listListings,
      {
        page: query.toPageRequest(),
        status: query.status,
        dealType: query.dealType,
        mode: query.mode,
        q: query.q,
        patentType: query.patentType,
        ipcClass: query.ipcClass,
        sellerEnterpriseId: query.sellerEnterpriseId,
        includeShared: query.includeShared ?? false,
      },
      request,
    );
  }

  @Get('listings/:id')
  @Allow(READ)
  @ApiOperation({
    summary: 'One listing: its assets, pricing, reference price and, for an auction, the bidding',
  })
  @ApiOkResponse({ type: ListingDto })
  @ApiProblems(404)
  getListing(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.getListing, { id }, request);
  }

  @IdempotentPost('listings/:id/publish')
  @HttpCode(200)
  @Allow(ANALYST)
  @ApiOperation({
    summary: 'Publish a pending listing: it is listed and buyers may bid or offer (an analyst)',
    description: '409 listing-not-pending unless it is pending review.',
  })
  @ApiOkResponse({ type: ListingDto })
  @ApiProblems(404, 409, 422)
  publish(@IdParam() id: string, @Body() body: PublishListingDto, @Req() request: HttpRequest) {
    return this.forward.json(
      TradingRpc.reviewListing,
      { id, decision: 'publish', note: body.note },
      request,
    );
  }

  @IdempotentPost('listings/:id/reject')
  @HttpCode(200)
  @Allow(ANALYST)
  @ApiOperation({
    summary: 'Reject a pending listing, saying why (an analyst)',
    description: '409 listing-not-pending unless it is pending review.',
  })
  @ApiOkResponse({ type: ListingDto })
  @ApiProblems(404, 409)
  reject(@IdParam() id: string, @Body() body: RejectListingDto, @Req() request: HttpRequest) {
    return this.forward.json(
      TradingRpc.reviewListing,
      { id, decision: 'reject', note: body.note },
      request,
    );
  }

  @IdempotentPost('listings/:id/withdraw')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Withdraw a listing before it sells (the partner that listed it, or staff)',
    description: 'Pending review or listed only (409 otherwise).',
  })
  @ApiOkResponse({ type: ListingDto })
  @ApiProblems(404, 409)
  withdraw(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.withdrawListing, { id }, request);
  }

  @Put('listings/:id/shares')
  @Allow(STAFF)
  @ApiOperation({
    summary: 'Share a listing with other centers, replacing the list (an analyst or center admin)',
    description:
      "Their partners see it and may bid or offer; it stays this center's, settled here. An unknown center is 422 " +
      'unknown-center.',
  })
  @ApiOkResponse({ type: ListingDto })
  @ApiProblems(404, 409, 422)
  share(@IdParam() id: string, @Body() body: ShareListingDto, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.shareListing, { id, centers: body.centers }, request);
  }

  @IdempotentPost('listings/:id/close')
  @HttpCode(200)
  @Allow(ANALYST)
  @ApiOperation({
    summary: "Close a listed auction now, whatever its end time: the center's hammer (an analyst)",
    description:
      'Sold to the best bid at or above the reserve, which makes a trade deal; else unsold. A sweep also closes auctions ' +
      'past their end. 409 listing-not-listed unless listed.',
  })
  @ApiOkResponse({ type: ListingClosedDto })
  @ApiProblems(404, 409, 422)
  close(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.closeListing, { id }, request);
  }

  @IdempotentPost('listings/:id/bids')
  @Allow(BUY)
  @ApiOperation({
    summary: "Bid on a listed auction (a partner's key; never the seller)",
    description:
      "At least the listing's nextMinimumBid: the best bid plus the increment (422 bid-too-low); before the end (422 " +
      "bid-after-end). A bid in the last minutes moves the end back by the center's anti-sniping extension; the bid's " +
      'endsAt is the end after it. The seller cannot bid (422 seller-cannot-buy); nor can a fixed or negotiable listing be ' +
      'bid on (422 wrong-pricing-mode).',
  })
  @ApiCreatedResponse({ type: BidDto })
  @ApiProblems(404, 409, 422)
  placeBid(@IdParam() id: string, @Body() body: PlaceBidDto, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.placeBid, { id, amount: body.amount }, request);
  }

  @Get('listings/:id/bids')
  @Allow(READ)
  @ApiOperation({ summary: "An auction's bids" })
  @ApiOkResponse({ type: BidListDto })
  @ApiProblems(404)
  listBids(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.listBids, { id }, request);
  }

  @IdempotentPost('listings/:id/offers')
  @Allow(BUY)
  @ApiOperation({
    summary: "Offer for a fixed-price or negotiable listing (a partner's key; never the seller)",
    description:
      'A fixed-price listing takes offers at its asking price only (422 offer-not-at-asking-price); an auction takes bids ' +
      '(422 wrong-pricing-mode). The seller cannot buy (422 seller-cannot-buy).',
  })
  @ApiCreatedResponse({ type: OfferDto })
  @ApiProblems(404, 409, 422)
  makeOffer(@IdParam() id: string, @Body() body: MakeOfferDto, @Req() request: HttpRequest) {
    return this.forward.json(
      TradingRpc.makeOffer,
      { id, amount: body.amount, message: body.message },
      request,
    );
  }

  @Get('listings/:id/offers')
  @Allow(READ)
  @ApiOperation({ summary: "A listing's offers" })
  @ApiOkResponse({ type: OfferListDto })
  @ApiProblems(404)
  listOffers(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.listOffers, { id }, request);
  }

  @IdempotentPost('offers/:offerId/accept')
  @HttpCode(200)
  @Allow(ANSWER)
  @ApiOperation({
    summary: 'Accept an offer: the listing is sold and a trade deal made',
    description:
      "The seller's side (or the center's staff) accepts an open offer at its amount; the offer's buyer accepts a " +
      "counter-offer at the counter's amount. Every other offer on the listing lapses. 409 offer-not-open when the " +
      'offer is not waiting for the caller, or the listing is not listed any more.',
  })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(404, 409, 422)
  accept(@IdParam('offerId') offerId: string, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.decideOffer, { offerId, decision: 'accept' }, request);
  }

  @IdempotentPost('offers/:offerId/decline')
  @HttpCode(200)
  @Allow(ANSWER)
  @ApiOperation({
    summary: "Decline an open offer (the seller's side, or staff) or a counter-offer (its buyer)",
  })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(404, 409)
  decline(@IdParam('offerId') offerId: string, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.decideOffer, { offerId, decision: 'decline' }, request);
  }

  @IdempotentPost('offers/:offerId/counter')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({
    summary: "Counter an open offer with another amount (the seller's side, or staff)",
    description: 'The offer becomes `countered`; its buyer accepts or declines the counter.',
  })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(404, 409)
  counter(
    @IdParam('offerId') offerId: string,
    @Body() body: CounterOfferDto,
    @Req() request: HttpRequest,
  ) {
    return this.forward.json(
      TradingRpc.decideOffer,
      { offerId, decision: 'counter', amount: body.amount },
      request,
    );
  }

  @Get('trade-deals')
  @Allow(READ)
  @ApiOperation({ summary: 'Trade deals, by settlement state or listing' })
  @ApiOkResponse({ type: TradeDealListDto })
  @ApiProblems(404)
  listDeals(@Query() query: TradeDealListQuery, @Req() request: HttpRequest) {
    return this.forward.page(
      TradingRpc.listDeals,
      { page: query.toPageRequest(), status: query.status, listingId: query.listingId },
      request,
    );
  }

  @Get('trade-deals/:id')
  @Allow(READ)
  @ApiOperation({
    summary: "One trade deal: buyer, price, the broker's commission, settlement and registration",
  })
  @ApiOkResponse({ type: TradeDealDto })
  @ApiProblems(404)
  getDeal(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.getDeal, { id }, request);
  }

  @IdempotentPost('trade-deals/:id/settlement')
  @HttpCode(200)
  @Allow(STAFF)
  @ApiOperation({
    summary: 'Record that the buyer paid, then that the rights were transferred (staff)',
    description:
      'awaiting_payment → paid → transferred, forward only (409 settlement-not-forward); the day may not be before the ' +
      "previous step's (422 dated-before-previous-step).",
  })
  @ApiOkResponse({ type: TradeDealDto })
  @ApiProblems(404, 409, 422)
  settle(@IdParam() id: string, @Body() body: SettleTradeDealDto, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.settleDeal, { id, ...body }, request);
  }

  @IdempotentPost('trade-deals/:id/registration')
  @HttpCode(200)
  @Allow(ANALYST)
  @ApiOperation({
    summary: "Register the deal's technology contract (an analyst)",
    description:
      'Gives the deal its registrationNumber, once (409 deal-already-registered); the day may not be before the ' +
      "deal's closing (422 dated-before-previous-step).",
  })
  @ApiOkResponse({ type: TradeDealDto })
  @ApiProblems(404, 409, 422)
  register(@IdParam() id: string, @Body() body: RegisterTradeDealDto, @Req() request: HttpRequest) {
    return this.forward.json(TradingRpc.registerDeal, { id, ...body }, request);
  }
}
