import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GuaranteeRpc } from '@tf/contracts';
import type { HttpRequest } from '../http/http-types';
import { Allow, READERS } from '../auth/allow.decorator';
import { Forward } from '../http/forward';
import { IdParam } from '../http/params';
import { ApiProblems } from '../http/problem.dto';
import { GuaranteeDto } from './guarantee.dto';

@ApiTags('guarantee')
@Controller('guarantees')
export class GuaranteesController {
  constructor(private readonly forward: Forward) {}

  @Get(':id')
  @Allow({ roles: READERS, scopes: ['guarantees:read'] })
  @ApiOperation({ summary: 'One guarantee (a partner sees those it asked for)' })
  @ApiOkResponse({ type: GuaranteeDto })
  @ApiProblems(404)
  get(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(GuaranteeRpc.get, { id }, request);
  }
}
