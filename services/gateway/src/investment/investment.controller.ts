import { Body, Controller, Get, HttpCode, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvestmentRpc } from '@tf/contracts';
import type { HttpRequest } from '../http/http-types';
import { Allow, READERS } from '../auth/allow.decorator';
import { Forward } from '../http/forward';
import { IdParam } from '../http/params';
import { PageQuery } from '../http/page.dto';
import { ApiProblems } from '../http/problem.dto';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import {
  AddLimitedPartnerDto,
  CloseDealDto,
  CreateDealDto,
  CreateFundDto,
  DealDto,
  DealListDto,
  DealListQuery,
  ExitDto,
  FollowOnDto,
  FundDto,
  FundFlowDto,
  FundListDto,
  FundMetricsDto,
  InvestmentDto,
  InvestmentListDto,
  InvestmentListQuery,
  LimitedPartnerDto,
  LimitedPartnerListDto,
  MarkDto,
  MetricsQuery,
  MoveDealDto,
  RecordFundFlowDto,
  VoteDto,
} from './investment.dto';

/** A fund manager's key (partner kind fund) reads the funds it manages, their deals and holdings. */
const READ = { roles: READERS, scopes: ['deals:read'] } as const;
/** Setting funds up, their partners and cash flows: the center's admin. */
const FUND_ADMIN = { roles: ['center-admin'] } as const;
/** Working deals and holdings: the center's analysts. */
const ANALYST = { roles: ['analyst'] } as const;

@ApiTags('investment')
@Controller()
export class InvestmentController {
  constructor(private readonly forward: Forward) {}

  @IdempotentPost('funds')
  @Allow(FUND_ADMIN)
  @ApiOperation({
    summary: 'Set up a fund: size, vintage, fees and its investment committee (a center admin)',
    description:
      "Fees default to the center's policy (2 % management, 20 % carry over an 8 % hurdle). The committee are staff users of " +
      "this center, at least the policy's quorum of them; only they vote on the fund's deals.",
  })
  @ApiCreatedResponse({ type: FundDto })
  @ApiProblems(404, 409, 422)
  createFund(@Body() body: CreateFundDto, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.createFund, body, request);
  }

  @Get('funds')
  @Allow(READ)
  @ApiOperation({ summary: "The center's funds (a fund manager's key: those it manages)" })
  @ApiOkResponse({ type: FundListDto })
  @ApiProblems()
  listFunds(@Query() query: PageQuery, @Req() request: HttpRequest) {
    return this.forward.page(InvestmentRpc.listFunds, { page: query.toPageRequest() }, request);
  }

  @Get('funds/:id')
  @Allow(READ)
  @ApiOperation({ summary: 'One fund, with what it has committed and what is left' })
  @ApiOkResponse({ type: FundDto })
  @ApiProblems(404)
  getFund(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.getFund, { id }, request);
  }

  @IdempotentPost('funds/:id/limited-partners')
  @Allow(FUND_ADMIN)
  @ApiOperation({
    summary: 'A limited partner commits to the fund (a center admin)',
    description:
      "The commitments together may not exceed the fund's size (422 commitments-over-fund-size).",
  })
  @ApiCreatedResponse({ type: LimitedPartnerDto })
  @ApiProblems(404, 409, 422)
  addLimitedPartner(
    @IdParam() fundId: string,
    @Body() body: AddLimitedPartnerDto,
    @Req() request: HttpRequest,
  ) {
    return this.forward.json(InvestmentRpc.addLimitedPartner, { fundId, ...body }, request);
  }

  @Get('funds/:id/limited-partners')
  @Allow(READ)
  @ApiOperation({ summary: "The fund's limited partners: committed, called, distributed" })
  @ApiOkResponse({ type: LimitedPartnerListDto })
  @ApiProblems(404)
  limitedPartners(@IdParam() fundId: string, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.limitedPartners, { fundId }, request);
  }

  @IdempotentPost('funds/:id/flows')
  @Allow(FUND_ADMIN)
  @ApiOperation({
    summary:
      'Record a capital call or a distribution, split across the limited partners to the cent (a center admin)',
    description:
      'A call is split by what each partner has yet to pay in and may not exceed it (422 call-over-commitments); a distribution ' +
      "is split by what each paid in and may not exceed the fund's cash: paid in plus exit proceeds, less invested and " +
      'distributed (422 distribution-over-cash).',
  })
  @ApiCreatedResponse({ type: FundFlowDto })
  @ApiProblems(404, 422)
  recordFlow(
    @IdParam() fundId: string,
    @Body() body: RecordFundFlowDto,
    @Req() request: HttpRequest,
  ) {
    return this.forward.json(InvestmentRpc.recordFlow, { fundId, ...body }, request);
  }

  @Get('funds/:id/metrics')
  @Allow(READ)
  @ApiOperation({
    summary: "The fund's returns on a day: paid-in, distributed, NAV, DPI, RVPI, TVPI and IRR",
    description:
      'NAV is the holdings at their latest marks (at cost until marked); the IRR is the XIRR of the calls, distributions and ' +
      'the NAV as a final inflow on asOf. Multiples are absent before any call and the IRR when the flows have no rate; the ' +
      'notes say why.',
  })
  @ApiOkResponse({ type: FundMetricsDto })
  @ApiProblems(404)
  metrics(@IdParam() fundId: string, @Query() query: MetricsQuery, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.metrics, { fundId, asOf: query.asOf }, request);
  }

  @IdempotentPost('deals')
  @Allow(ANALYST)
  @ApiOperation({
    summary: 'Open a deal with an enterprise, at sourcing (an analyst)',
    description: 'A fund has one open deal with a company at a time (409 deal-already-exists).',
  })
  @ApiCreatedResponse({ type: DealDto })
  @ApiProblems(404, 409)
  createDeal(@Body() body: CreateDealDto, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.createDeal, body, request);
  }

  @Get('deals')
  @Allow(READ)
  @ApiOperation({ summary: 'Deals, oldest first, by fund and stage' })
  @ApiOkResponse({ type: DealListDto })
  @ApiProblems(404)
  listDeals(@Query() query: DealListQuery, @Req() request: HttpRequest) {
    return this.forward.page(
      InvestmentRpc.listDeals,
      { page: query.toPageRequest(), fundId: query.fundId, stage: query.stage },
      request,
    );
  }

  @Get('deals/:id')
  @Allow(READ)
  @ApiOperation({
    summary: "One deal: its stage, every move with who and when, the committee's votes and tally",
  })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(404)
  getDeal(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.getDeal, { id }, request);
  }

  @IdempotentPost('deals/:id/stage')
  @HttpCode(200)
  @Allow(ANALYST)
  @ApiOperation({
    summary: 'Move a deal forward, or reject it (an analyst)',
    description:
      'sourcing → screening → due_diligence → committee → term_sheet, forward only (409 deal-stage-not-forward), or rejected ' +
      'from any open stage. term_sheet needs the committee to have passed the deal (422 committee-not-passed); closed is ' +
      'reached by closing.',
  })
  @ApiOkResponse({ type: DealDto })
  @ApiProblems(404, 409, 422)
  move(@IdParam() id: string, @Body() body: MoveDealDto, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.moveDeal, { id, ...body }, request);
  }

  @IdempotentPost('deals/:id/votes')
  @Allow({ roles: ['center-admin', 'analyst'] })
  @ApiOperation({
    summary: "Vote on a deal before the committee (a member of the fund's committee, once)",
    description:
      '403 not-on-committee for anyone else; 409 when the deal is not before the committee or the member has voted. The deal ' +
      "passes once the policy's quorum has voted and the votes for are more than its majority share of the votes cast.",
  })
  @ApiCreatedResponse({ type: DealDto })
  @ApiProblems(404, 409)
  vote(@IdParam() id: string, @Body() body: VoteDto, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.vote, { id, ...body }, request);
  }

  @IdempotentPost('deals/:id/close')
  @Allow(ANALYST)
  @ApiOperation({
    summary: 'Close a passed deal into an investment (an analyst)',
    description:
      "Ownership = amount / (pre-money + amount). Needs the committee's passing vote (422 committee-not-passed) and room in " +
      'the fund: the amount may not exceed its size less what it has committed (422 fund-capacity-short). Publishes ' +
      'investment-closed.',
  })
  @ApiCreatedResponse({ type: InvestmentDto })
  @ApiProblems(404, 409, 422)
  close(@IdParam() id: string, @Body() body: CloseDealDto, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.closeDeal, { id, ...body }, request);
  }

  @Get('investments')
  @Allow(READ)
  @ApiOperation({ summary: 'Investments, oldest first, by fund or enterprise' })
  @ApiOkResponse({ type: InvestmentListDto })
  @ApiProblems(404)
  listInvestments(@Query() query: InvestmentListQuery, @Req() request: HttpRequest) {
    return this.forward.page(
      InvestmentRpc.listInvestments,
      { page: query.toPageRequest(), fundId: query.fundId, enterpriseId: query.enterpriseId },
      request,
    );
  }

  @Get('investments/:id')
  @Allow(READ)
  @ApiOperation({ summary: "One investment: today's holding and its dated ledger" })
  @ApiOkResponse({ type: InvestmentDto })
  @ApiProblems(404)
  getInvestment(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.getInvestment, { id }, request);
  }

  @IdempotentPost('investments/:id/follow-ons')
  @Allow(ANALYST)
  @ApiOperation({
    summary: 'A follow-on round (an analyst): dilutes the stake by pre/post and adds what it buys',
    description: "Within the fund's uncommitted capacity (422 fund-capacity-short).",
  })
  @ApiCreatedResponse({ type: InvestmentDto })
  @ApiProblems(404, 409, 422)
  followOn(@IdParam() id: string, @Body() body: FollowOnDto, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.followOn, { id, ...body }, request);
  }

  @IdempotentPost('investments/:id/marks')
  @Allow(ANALYST)
  @ApiOperation({
    summary: 'Mark the holding at fair value (an analyst); publishes investment-marked',
  })
  @ApiCreatedResponse({ type: InvestmentDto })
  @ApiProblems(404, 409, 422)
  mark(@IdParam() id: string, @Body() body: MarkDto, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.mark, { id, ...body }, request);
  }

  @IdempotentPost('investments/:id/exits')
  @Allow(ANALYST)
  @ApiOperation({
    summary: 'Sell part or all of the holding (an analyst); publishes investment-exited',
    description:
      "Keeps (1 − fraction) of value, cost and ownership; the proceeds become the fund's cash.",
  })
  @ApiCreatedResponse({ type: InvestmentDto })
  @ApiProblems(404, 409, 422)
  exit(@IdParam() id: string, @Body() body: ExitDto, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.exit, { id, ...body }, request);
  }
}
