import { Body, Controller, Delete, Get, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { tenancy, TenancyRpc } from '@tf/contracts';
import { messageJson } from '@tf/platform';
import type { HttpRequest } from '../http/http-types';
import { ADMINISTRATORS, Allow, READERS } from '../auth/allow.decorator';
import { Forward } from '../http/forward';
import { PageQuery } from '../http/page.dto';
import { IdParam } from '../http/params';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import { ApiProblems } from '../http/problem.dto';
import {
  ApiKeyDto,
  CreatePartnerDto,
  IssuedApiKeyDto,
  PartnerDto,
  PartnerListDto,
} from './partner.dto';

@ApiTags('tenancy')
@Controller()
export class PartnersController {
  constructor(private readonly forward: Forward) {}

  @IdempotentPost('partners')
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({
    summary:
      'Register a partner of this center: a bank, guarantor, fund, broker, university or enterprise',
  })
  @ApiCreatedResponse({ type: PartnerDto })
  @ApiProblems(404)
  create(@Body() body: CreatePartnerDto, @Req() request: HttpRequest) {
    return this.forward.json(TenancyRpc.createPartner, body, request);
  }

  @Get('partners')
  @Allow({ roles: READERS })
  @ApiOperation({ summary: "This center's partners" })
  @ApiOkResponse({ type: PartnerListDto })
  @ApiProblems()
  list(@Query() query: PageQuery, @Req() request: HttpRequest) {
    return this.forward.page(TenancyRpc.listPartners, { page: query.toPageRequest() }, request);
  }

  @Get('partners/:id')
  @Allow({ roles: READERS })
  @ApiOperation({ summary: 'One partner' })
  @ApiOkResponse({ type: PartnerDto })
  @ApiProblems(404)
  get(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(TenancyRpc.getPartner, { id }, request);
  }

  @IdempotentPost('partners/:id/api-keys')
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({ summary: 'Issue an API key for a partner; the key is in this response only' })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiProblems(404)
  async issueKey(@IdParam() id: string, @Req() request: HttpRequest) {
    const { apiKey, key } = await this.forward.call(
      TenancyRpc.issueApiKey,
      { partnerId: id },
      request,
    );
    if (!apiKey) throw new Error('tenancy issued a key without its record');
    // The API answers the key's record and its secret side by side.
    return Object.assign({}, messageJson(tenancy.ApiKeySchema, apiKey), { key });
  }

  @Delete('api-keys/:id')
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({ summary: 'Revoke an API key: calls with it fail with 401 within seconds' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiProblems(404)
  revokeKey(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(TenancyRpc.revokeApiKey, { id }, request);
  }
}
