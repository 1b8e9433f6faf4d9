import { Body, Controller, Get, HttpCode, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ValuationRpc } from '@tf/contracts';
import type { HttpRequest } from '../http/http-types';
import { READERS, Allow } from '../auth/allow.decorator';
import { Forward } from '../http/forward';
import { IdParam } from '../http/params';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import { ApiProblems } from '../http/problem.dto';
import {
  RejectValuationDto,
  RequestValuationDto,
  ValuationDto,
  ValuationListDto,
  ValuationListQuery,
} from './valuation.dto';

@ApiTags('valuation')
@Controller('valuations')
export class ValuationsController {
  constructor(private readonly forward: Forward) {}

  @IdempotentPost()
  @Allow({ roles: ['center-admin', 'analyst'], scopes: ['valuations:request'] })
  @ApiOperation({
    summary: "Value an enterprise's patents (and other IP) for a purpose",
    description:
      'Computes the value with the methods whose inputs are present (income: relief from royalty; market: closed deals on the trading ' +
      'service; cost: replacement cost), concludes a weighted value and range, and scores the assets. The valuation is "computed" until an ' +
      'analyst who did not prepare it approves it.',
  })
  @ApiCreatedResponse({ type: ValuationDto })
  @ApiProblems(404, 422)
  request(@Body() body: RequestValuationDto, @Req() request: HttpRequest) {
    return this.forward.json(ValuationRpc.request, body, request);
  }

  @Get()
  @Allow({ roles: READERS, scopes: ['valuations:read'] })
  @ApiOperation({ summary: 'Valuations of this center (a partner sees those it requested)' })
  @ApiOkResponse({ type: ValuationListDto })
  @ApiProblems()
  list(@Query() query: ValuationListQuery, @Req() request: HttpRequest) {
    return this.forward.page(
      ValuationRpc.list,
      { page: query.toPageRequest(), enterpriseId: query.enterpriseId, status: query.status },
      request,
    );
  }

  @Get(':id')
  @Allow({ roles: READERS, scopes: ['valuations:read'] })
  @ApiOperation({ summary: 'One valuation with its methods, assets, score and assumptions' })
  @ApiOkResponse({ type: ValuationDto })
  @ApiProblems(404)
  get(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(ValuationRpc.get, { id }, request);
  }

  @IdempotentPost(':id/approve')
  @HttpCode(200)
  @Allow({ roles: ['analyst'] })
  @ApiOperation({
    summary: 'Approve (four eyes: not by who prepared it; never with a partner key)',
  })
  @ApiOkResponse({ type: ValuationDto })
  @ApiProblems(404, 409, 422)
  approve(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(ValuationRpc.approve, { id }, request);
  }

  @IdempotentPost(':id/reject')
  @HttpCode(200)
  @Allow({ roles: ['analyst'] })
  @ApiOperation({ summary: 'Reject, saying why' })
  @ApiOkResponse({ type: ValuationDto })
  @ApiProblems(404, 409)
  reject(@IdParam() id: string, @Body() body: RejectValuationDto, @Req() request: HttpRequest) {
    return this.forward.json(ValuationRpc.reject, { id, reason: body.reason }, request);
  }

  @Get(':id/report')
  @Allow({ roles: READERS, scopes: ['valuations:read'] })
  @ApiOperation({
    summary: 'The valuation report as PDF: conclusion, methods, score, assumptions, approver',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(404)
  async report(@IdParam() id: string, @Req() request: HttpRequest): Promise<StreamableFile> {
    const { pdf, filename } = await this.forward.call(ValuationRpc.report, { id }, request);
    return new StreamableFile(Buffer.from(pdf), {
      type: 'application/pdf',
      disposition: `attachment; filename="${filename}"`,
      length: pdf.length,
    });
  }
}
