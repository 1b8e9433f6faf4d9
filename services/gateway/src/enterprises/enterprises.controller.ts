import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import { ServiceClient } from '@tf/platform';
import type { Request } from 'express';
import { READERS, Allow } from '../auth/allow.decorator';
import { requestContext } from '../auth/principal';
import { ApiProblems } from '../http/problem.dto';
import {
  CreateEnterpriseDto,
  EnterpriseDto,
  enterpriseJson,
  EnterpriseListDto,
  EnterpriseListQuery,
} from './enterprise.dto';

@ApiTags('enterprises')
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly tenancy: ServiceClient) {}

  @Post()
  @Allow({ roles: ['center-admin', 'analyst'], scopes: ['enterprises:write'] })
  @ApiOperation({ summary: 'Register a technology SME with this center' })
  @ApiCreatedResponse({ type: EnterpriseDto })
  @ApiProblems(400, 403, 409)
  async create(@Body() body: CreateEnterpriseDto, @Req() request: Request): Promise<EnterpriseDto> {
    return enterpriseJson(
      await this.tenancy.request(TenancyRpc.createEnterprise, body, requestContext(request)),
    );
  }

  @Get()
  @Allow({ roles: READERS, scopes: ['enterprises:read'] })
  @ApiOperation({ summary: "This center's enterprises, oldest first" })
  @ApiOkResponse({ type: EnterpriseListDto })
  @ApiProblems(400, 403)
  async list(
    @Query() query: EnterpriseListQuery,
    @Req() request: Request,
  ): Promise<EnterpriseListDto> {
    const { items, page } = await this.tenancy.request(
      TenancyRpc.listEnterprises,
      { page: query.toPageRequest(), creditCode: query.creditCode ?? '' },
      requestContext(request),
    );
    return { items: items.map(enterpriseJson), nextCursor: page?.nextCursor || null };
  }

  @Get(':id')
  @Allow({ roles: READERS, scopes: ['enterprises:read'] })
  @ApiOperation({ summary: 'One enterprise (404 if it belongs to another center)' })
  @ApiOkResponse({ type: EnterpriseDto })
  @ApiProblems(403, 404)
  async get(@Param('id') id: string, @Req() request: Request): Promise<EnterpriseDto> {
    return enterpriseJson(
      await this.tenancy.request(TenancyRpc.getEnterprise, { id }, requestContext(request)),
    );
  }
}
