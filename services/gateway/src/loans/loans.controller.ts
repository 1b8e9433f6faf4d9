import { Body, Controller, Get, HttpCode, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreditRpc } from '@tf/contracts';
import type { HttpRequest } from '../http/http-types';
import { Allow, READERS } from '../auth/allow.decorator';
import { Forward } from '../http/forward';
import { IdParam } from '../http/params';
import { ApiProblems } from '../http/problem.dto';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import {
  ApplyForLoanDto,
  ClassificationResultDto,
  ClassificationRunDto,
  DisburseLoanDto,
  LoanApplicationDto,
  LoanDto,
  LoanListDto,
  LoanListQuery,
  LoanProductListDto,
  PortfolioDto,
  RepayLoanDto,
  RepaymentDto,
  ScheduleDto,
} from './loan.dto';

/** Who services loans for a bank: its key, or the center's analysts and admins. */
const LOAN_STAFF = ['center-admin', 'analyst'] as const;

@ApiTags('credit')
@Controller()
export class LoansController {
  constructor(private readonly forward: Forward) {}

  @Get('loan-products')
  @Allow({ roles: READERS, scopes: ['loans:read', 'loans:apply'] })
  @ApiOperation({ summary: "The center's loan products, each with today's rate (LPR + spread)" })
  @ApiOkResponse({ type: LoanProductListDto })
  @ApiProblems()
  products(@Req() request: HttpRequest) {
    return this.forward.json(CreditRpc.products, {}, request);
  }

  @IdempotentPost('loan-applications', { keyRequired: true })
  @Allow({ roles: [...LOAN_STAFF], scopes: ['loans:apply'] })
  @ApiOperation({
    summary: 'Apply for a loan; the underwriting decision comes back at once',
    description:
      "The amount, term and method must fit the product (400 naming the field). ip-pledge lends up to the collateral's " +
      'appraised value × the LTV cap of each patent type (invention 40 %, utility model 25 %, design 20 % by default), values ' +
      'read from the valuation service; a pledged patent cannot back two live loans. guaranteed needs an approved guarantee of ' +
      'the same enterprise and bank covering the principal. A decline lists every failed rule. Idempotency-Key required.',
  })
  @ApiCreatedResponse({ type: LoanApplicationDto })
  @ApiProblems(404, 409, 422)
  apply(@Body() body: ApplyForLoanDto, @Req() request: HttpRequest) {
    return this.forward.json(CreditRpc.apply, body, request);
  }

  @Get('loan-applications/:id')
  @Allow({ roles: READERS, scopes: ['loans:read'] })
  @ApiOperation({ summary: 'One application and its decision (a bank sees its own)' })
  @ApiOkResponse({ type: LoanApplicationDto })
  @ApiProblems(404)
  application(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(CreditRpc.application, { id }, request);
  }

  @Get('loans')
  @Allow({ roles: READERS, scopes: ['loans:read'] })
  @ApiOperation({
    summary: "Loans, oldest first: a bank's own portfolio, or the center's for staff",
  })
  @ApiOkResponse({ type: LoanListDto })
  @ApiProblems()
  list(@Query() query: LoanListQuery, @Req() request: HttpRequest) {
    return this.forward.page(
      CreditRpc.list,
      { page: query.toPageRequest(), status: query.status, classification: query.classification },
      request,
    );
  }

  @Get('loans/:id')
  @Allow({ roles: READERS, scopes: ['loans:read'] })
  @ApiOperation({ summary: 'One loan (a bank sees the loans it lends; another bank gets 404)' })
  @ApiOkResponse({ type: LoanDto })
  @ApiProblems(404)
  get(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(CreditRpc.get, { id }, request);
  }

  @Get('loans/:id/schedule')
  @Allow({ roles: READERS, scopes: ['loans:read'] })
  @ApiOperation({
    summary: 'The repayment schedule: principal, interest and what is paid of each installment',
  })
  @ApiOkResponse({ type: ScheduleDto })
  @ApiProblems(404)
  schedule(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(CreditRpc.schedule, { id }, request);
  }

  @IdempotentPost('loans/:id/disbursements', { keyRequired: true })
  @HttpCode(200)
  @Allow({ roles: [...LOAN_STAFF], scopes: ['loans:apply'] })
  @ApiOperation({
    summary: 'Disburse an approved loan: the rate is fixed and the schedule written',
    description:
      "The rate is the center's LPR + the product's spread on the day; the schedule is monthly on 30/360 and its principal " +
      'column sums exactly to the principal. Idempotency-Key required.',
  })
  @ApiOkResponse({ type: LoanDto })
  @ApiProblems(404, 409)
  disburse(@IdParam() id: string, @Body() body: DisburseLoanDto, @Req() request: HttpRequest) {
    return this.forward.json(CreditRpc.disburse, { id, disbursedOn: body.disbursedOn }, request);
  }

  @IdempotentPost('loans/:id/repayments', { keyRequired: true })
  @Allow({ roles: [...LOAN_STAFF], scopes: ['loans:repay'] })
  @ApiOperation({
    summary:
      'Record a repayment, allocated penalty → overdue interest → overdue principal → current interest → current principal',
    description:
      'What is left after the current installment is paid ahead: the rest of the schedule is re-amortised (the term is kept, ' +
      'the installment falls). More than is owed is 422 overpayment; a repayment that clears the loan closes it. ' +
      'Idempotency-Key required.',
  })
  @ApiCreatedResponse({ type: RepaymentDto })
  @ApiProblems(404, 409, 422)
  repay(@IdParam() id: string, @Body() body: RepayLoanDto, @Req() request: HttpRequest) {
    return this.forward.json(CreditRpc.repay, { id, ...body }, request);
  }

  @IdempotentPost('credit/classification-runs')
  @HttpCode(200)
  @Allow({ roles: ['analyst'] })
  @ApiOperation({
    summary: 'Classify the book as of a day (an analyst)',
    description:
      'Charges penalty interest to the day, counts days past due and applies the five categories (normal, special mention from ' +
      '1 day, substandard from 91, doubtful from 271, loss from 361); past 90 days a loan defaults (loan-defaulted). The same ' +
      'day again answers the same figures; an earlier day than the last run is 409.',
  })
  @ApiOkResponse({ type: ClassificationResultDto })
  @ApiProblems(409)
  classify(@Body() body: ClassificationRunDto, @Req() request: HttpRequest) {
    return this.forward.json(CreditRpc.classify, body, request);
  }

  @Get('credit/portfolio')
  @Allow({ roles: READERS, scopes: ['loans:read'] })
  @ApiOperation({
    summary: "The book by class and the NPL ratio: a bank's own, or the center's for staff",
  })
  @ApiOkResponse({ type: PortfolioDto })
  @ApiProblems()
  portfolio(@Req() request: HttpRequest) {
    return this.forward.json(CreditRpc.portfolio, {}, request);
  }
}
