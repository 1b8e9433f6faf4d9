import { Body, Controller, Delete, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import { ServiceClient } from '@tf/platform';
import type { Request } from 'express';
import { ADMINISTRATORS, Allow, READERS } from '../auth/allow.decorator';
import { requestContext } from '../auth/principal';
import { PageQuery } from '../http/page.dto';
import { ApiProblems } from '../http/problem.dto';
import {
  ApiKeyDto,
  apiKeyJson,
  CreatePartnerDto,
  IssuedApiKeyDto,
  PartnerDto,
  partnerJson,
  PartnerListDto,
} from './partner.dto';

@ApiTags('tenancy')
@Controller()
export class PartnersController {
  constructor(private readonly tenancy: ServiceClient) {}

  @Post('partners')
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({
    summary:
      'Register a partner of this center: a bank, guarantor, fund, broker, university or enterprise',
  })
  @ApiCreatedResponse({ type: PartnerDto })
  @ApiProblems(400, 403)
  async create(@Body() body: CreatePartnerDto, @Req() request: Request): Promise<PartnerDto> {
    return partnerJson(
      await this.tenancy.request(TenancyRpc.createPartner, body, requestContext(request)),
    );
  }

  @Get('partners')
  @Allow({ roles: READERS })
  @ApiOperation({ summary: "This center's partners" })
  @ApiOkResponse({ type: PartnerListDto })
  @ApiProblems(400, 403)
  async list(@Query() query: PageQuery, @Req() request: Request): Promise<PartnerListDto> {
    const { items, page } = await this.tenancy.request(
      TenancyRpc.listPartners,
      { page: query.toPageRequest() },
      requestContext(request),
    );
    return { items: items.map(partnerJson), nextCursor: page?.nextCursor || null };
  }

  @Get('partners/:id')
  @Allow({ roles: READERS })
  @ApiOperation({ summary: 'One partner' })
  @ApiOkResponse({ type: PartnerDto })
  @ApiProblems(403, 404)
  async get(@Param('id') id: string, @Req() request: Request): Promise<PartnerDto> {
    return partnerJson(
      await this.tenancy.request(TenancyRpc.getPartner, { id }, requestContext(request)),
    );
  }

  @Post('partners/:id/api-keys')
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({ summary: 'Issue an API key for a partner; the key is in this response only' })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiProblems(403, 404)
  async issueKey(@Param('id') id: string, @Req() request: Request): Promise<IssuedApiKeyDto> {
    const { apiKey, key } = await this.tenancy.request(
      TenancyRpc.issueApiKey,
      { partnerId: id },
      requestContext(request),
    );
    if (!apiKey) throw new Error('tenancy issued a key without its record');
    return { ...apiKeyJson(apiKey), key };
  }

  @Delete('api-keys/:id')
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({ summary: 'Revoke an API key: calls with it fail with 401 within seconds' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiProblems(403, 404)
  async revokeKey(@Param('id') id: string, @Req() request: Request): Promise<ApiKeyDto> {
    return apiKeyJson(
      await this.tenancy.request(TenancyRpc.revokeApiKey, { id }, requestContext(request)),
    );
  }
}
