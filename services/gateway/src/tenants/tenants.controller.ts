import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import { CommonErrors, notFound, ServiceClient } from '@tf/platform';
import type { Request } from 'express';
import { ADMINISTRATORS, Allow, READERS } from '../auth/allow.decorator';
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
  @Allow({ roles: READERS, scopes: ['enterprises:read'], tenant: 'optional' })
  @ApiOperation({
    summary: 'The centers: a platform admin sees every one; anyone else only their own',
    description:
      "A partner key or a center's staff get their own center with its policy; other centers and their policies are for platform admins only.",
  })
  @ApiOkResponse({ type: TenantListDto })
  @ApiProblems()
  async list(@Req() request: Request): Promise<TenantListDto> {
    const principal = principalOf(request);
    const ctx = requestContext(request);
    if (principal && !isPlatformAdmin(principal)) {
      if (!principal.tenant) return { items: [] };
      const own = await this.tenancy.request(TenancyRpc.getTenant, { code: principal.tenant }, ctx);
      return { items: [tenantJson(own)] };
    }
    const { items } = await this.tenancy.request(TenancyRpc.listTenants, {}, ctx);
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
  @Allow({ roles: READERS, tenant: 'optional' })
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
  @Allow({ roles: ADMINISTRATORS, tenant: 'optional' })
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
      throw notFound(CommonErrors.TENANT_NOT_FOUND, `tenant ${code}`);
  }
}
