import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import { notFound, ServiceClient } from '@tf/platform';
import type { Request } from 'express';
import { ALL_STAFF, Allow } from '../auth/allow.decorator';
import { isPlatformAdmin, principalOf, requestContext } from '../auth/principal';
import { ApiProblems } from '../http/problem.dto';
import {
  CreateTenantDto,
  PolicyDto,
  PolicyPatchDto,
  policyJson,
  TenantDto,
  tenantJson,
  TenantListDto,
} from './tenant.dto';

@ApiTags('tenancy')
@Controller('tenants')
export class TenantsController {
  constructor(private readonly tenancy: ServiceClient) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: ['enterprises:read'], tenant: 'optional' })
  @ApiOperation({ summary: 'The centers (tenants): jinan, liaocheng, beijing and any created' })
  @ApiOkResponse({ type: TenantListDto })
  @ApiProblems()
  async list(@Req() request: Request): Promise<TenantListDto> {
    const { items } = await this.tenancy.request(
      TenancyRpc.listTenants,
      {},
      requestContext(request),
    );
    return { items: items.map(tenantJson) };
  }

  @Post()
  @Allow({ roles: ['platform-admin'], tenant: 'optional' })
  @ApiOperation({ summary: 'Create a center (platform admin)' })
  @ApiCreatedResponse({ type: TenantDto })
  @ApiProblems(400, 403, 409)
  async create(@Body() body: CreateTenantDto, @Req() request: Request): Promise<TenantDto> {
    const { policy, ...rest } = body;
    const tenant = await this.tenancy.request(
      TenancyRpc.createTenant,
      { ...rest, policy: policy ?? {} },
      requestContext(request),
    );
    return tenantJson(tenant);
  }

  @Get(':code/policy')
  @Allow({ roles: ALL_STAFF, tenant: 'optional' })
  @ApiOperation({
    summary: "A center's policy parameters (staff of that center, or a platform admin)",
  })
  @ApiOkResponse({ type: PolicyDto })
  @ApiProblems(403, 404)
  async policy(@Param('code') code: string, @Req() request: Request): Promise<PolicyDto> {
    this.assertOwnCenter(request, code);
    const tenant = await this.tenancy.request(
      TenancyRpc.getTenant,
      { code },
      requestContext(request),
    );
    return policyJson(tenant.policy);
  }

  @Patch(':code/policy')
  @Allow({ roles: ['center-admin'], tenant: 'optional' })
  @ApiOperation({
    summary: "Change some of a center's policy parameters (its center admin, or a platform admin)",
  })
  @ApiOkResponse({ type: PolicyDto })
  @ApiProblems(400, 403, 404)
  async updatePolicy(
    @Param('code') code: string,
    @Body() body: PolicyPatchDto,
    @Req() request: Request,
  ): Promise<PolicyDto> {
    this.assertOwnCenter(request, code);
    const fields = Object.keys(body).filter(
      (k) => (body as Record<string, unknown>)[k] !== undefined,
    );
    const tenant = await this.tenancy.request(
      TenancyRpc.updatePolicy,
      { code, policy: body, fields },
      requestContext(request),
    );
    return policyJson(tenant.policy);
  }

  /** Another center's policy is "not found", never "forbidden". */
  private assertOwnCenter(request: Request, code: string): void {
    const principal = principalOf(request);
    if (principal && !isPlatformAdmin(principal) && principal.tenant !== code)
      throw notFound('tenant', code);
  }
}
