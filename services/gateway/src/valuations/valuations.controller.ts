import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ValuationRpc } from '@tf/contracts';
import { ServiceClient } from '@tf/platform';
import type { Request } from 'express';
import { READERS, Allow } from '../auth/allow.decorator';
import { requestContext } from '../auth/principal';
import { ApiProblems } from '../http/problem.dto';
import {
  RejectValuationDto,
  RequestValuationDto,
  ValuationDto,
  valuationJson,
  ValuationListDto,
  ValuationListQuery,
} from './valuation.dto';

@ApiTags('valuation')
@Controller('valuations')
export class ValuationsController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @Allow({ roles: ['center-admin', 'analyst'], scopes: ['valuations:request'] })
  @ApiOperation({
    summary: "Value an enterprise's patents (and other IP) for a purpose",
    description:
      'Computes the value with the methods whose inputs are present (income: relief from royalty; market: closed deals on the trading ' +
      'service; cost: replacement cost), concludes a weighted value and range, and scores the assets. The valuation is "computed" until an ' +
      'analyst who did not prepare it approves it.',
  })
  @ApiCreatedResponse({ type: ValuationDto })
  @ApiProblems(400, 403, 404, 422)
  async request(@Body() body: RequestValuationDto, @Req() request: Request): Promise<ValuationDto> {
    return valuationJson(
      await this.services.request(ValuationRpc.request, body, requestContext(request)),
    );
  }

  @Get()
  @Allow({ roles: READERS, scopes: ['valuations:read'] })
  @ApiOperation({ summary: 'Valuations of this center (a partner sees those it requested)' })
  @ApiOkResponse({ type: ValuationListDto })
  @ApiProblems(400, 403)
  async list(
    @Query() query: ValuationListQuery,
    @Req() request: Request,
  ): Promise<ValuationListDto> {
    const { items, page } = await this.services.request(
      ValuationRpc.list,
      {
        page: query.toPageRequest(),
        enterpriseId: query.enterpriseId ?? '',
        status: query.status ?? '',
      },
      requestContext(request),
    );
    return { items: items.map(valuationJson), nextCursor: page?.nextCursor || null };
  }

  @Get(':id')
  @Allow({ roles: READERS, scopes: ['valuations:read'] })
  @ApiOperation({ summary: 'One valuation with its methods, assets, score and assumptions' })
  @ApiOkResponse({ type: ValuationDto })
  @ApiProblems(403, 404)
  async get(@Param('id') id: string, @Req() request: Request): Promise<ValuationDto> {
    return valuationJson(
      await this.services.request(ValuationRpc.get, { id }, requestContext(request)),
    );
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow({ roles: ['analyst'] })
  @ApiOperation({
    summary: 'Approve (four eyes: not by who prepared it; never with a partner key)',
  })
  @ApiOkResponse({ type: ValuationDto })
  @ApiProblems(403, 404, 409, 422)
  async approve(@Param('id') id: string, @Req() request: Request): Promise<ValuationDto> {
    return valuationJson(
      await this.services.request(ValuationRpc.approve, { id }, requestContext(request)),
    );
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Allow({ roles: ['analyst'] })
  @ApiOperation({ summary: 'Reject, saying why' })
  @ApiOkResponse({ type: ValuationDto })
  @ApiProblems(400, 403, 404, 409)
  async reject(
    @Param('id') id: string,
    @Body() body: RejectValuationDto,
    @Req() request: Request,
  ): Promise<ValuationDto> {
    return valuationJson(
      await this.services.request(
        ValuationRpc.reject,
        { id, reason: body.reason },
        requestContext(request),
      ),
    );
  }

  @Get(':id/report')
  @Allow({ roles: READERS, scopes: ['valuations:read'] })
  @ApiOperation({
    summary: 'The valuation report as PDF: conclusion, methods, score, assumptions, approver',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(403, 404)
  async report(@Param('id') id: string, @Req() request: Request): Promise<StreamableFile> {
    const { pdf, filename } = await this.services.request(
      ValuationRpc.report,
      { id },
      requestContext(request),
    );
    return new StreamableFile(Buffer.from(pdf), {
      type: 'application/pdf',
      disposition: `attachment; filename="${filename}"`,
      length: pdf.length,
    });
  }
}
