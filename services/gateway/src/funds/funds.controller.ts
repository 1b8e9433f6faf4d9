import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvestmentRpc } from '@tf/contracts';
import type { HttpRequest } from '../http/http-types';
import { Allow, READERS } from '../auth/allow.decorator';
import { Forward } from '../http/forward';
import { IdParam } from '../http/params';
import { ApiProblems } from '../http/problem.dto';
import { FundDto } from './fund.dto';

@ApiTags('investment')
@Controller('funds')
export class FundsController {
  constructor(private readonly forward: Forward) {}

  @Get(':id')
  @Allow({ roles: READERS, scopes: ['funds:read'] })
  @ApiOperation({ summary: 'One fund (a partner sees those it asked for)' })
  @ApiOkResponse({ type: FundDto })
  @ApiProblems(404)
  get(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(InvestmentRpc.get, { id }, request);
  }
}
