import { Body, Controller, Get, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import type { HttpRequest } from '../http/http-types';
import { Allow, READERS } from '../auth/allow.decorator';
import { Forward } from '../http/forward';
import { IdParam } from '../http/params';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import { ApiProblems } from '../http/problem.dto';
import {
  CreateEnterpriseDto,
  EnterpriseDto,
  EnterpriseListDto,
  EnterpriseListQuery,
} from './enterprise.dto';

@ApiTags('enterprises')
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly forward: Forward) {}

  @IdempotentPost()
  @Allow({ roles: ['center-admin', 'analyst'], scopes: ['enterprises:write'] })
  @ApiOperation({ summary: 'Register a technology SME with this center' })
  @ApiCreatedResponse({ type: EnterpriseDto })
  @ApiProblems(409)
  create(@Body() body: CreateEnterpriseDto, @Req() request: HttpRequest) {
    return this.forward.json(TenancyRpc.createEnterprise, body, request);
  }

  @Get()
  @Allow({ roles: READERS, scopes: ['enterprises:read'] })
  @ApiOperation({
    summary: "This center's enterprises, oldest first (an SME's key: its own only)",
  })
  @ApiOkResponse({ type: EnterpriseListDto })
  @ApiProblems()
  list(@Query() query: EnterpriseListQuery, @Req() request: HttpRequest) {
    return this.forward.page(
      TenancyRpc.listEnterprises,
      { page: query.toPageRequest(), creditCode: query.creditCode },
      request,
    );
  }

  @Get(':id')
  @Allow({ roles: READERS, scopes: ['enterprises:read'] })
  @ApiOperation({ summary: 'One enterprise (404 if it belongs to another center)' })
  @ApiOkResponse({ type: EnterpriseDto })
  @ApiProblems(404)
  get(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(TenancyRpc.getEnterprise, { id }, request);
  }
}
