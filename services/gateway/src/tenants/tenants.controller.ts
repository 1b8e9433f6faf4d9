import { Body, Controller, Get, Patch, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import { CommonErrors, notFound } from '@tf/platform';
import type { HttpRequest } from '../http/http-types';
import { ADMINISTRATORS, Allow, READERS } from '../auth/allow.decorator';
import { isPlatformAdmin, principalOf } from '../auth/principal';
import { Forward } from '../http/forward';
import { TenantCodeParam } from '../http/params';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import { ApiProblems } from '../http/problem.dto';
import { CenterPolicy } from './center-policy';
import { CreateTenantDto, PolicyDto, PolicyPatchDto, TenantDto, TenantListDto } from './tenant.dto';

@ApiTags('tenancy')
@Controller('tenants')
export class TenantsController {
  constructor(
    private readonly forward: Forward,
    private readonly policy: CenterPolicy,
  ) {}

  @Get()
  @Allow({ roles: READERS, scopes: ['enterprises:read'], tenant: 'optional' })
  @ApiOperation({
    summary: 'The centers: a platform admin sees every one; anyone else only their own',
  })
  @ApiOkResponse({ type: TenantListDto })
  @ApiProblems()
  async list(@Req() request: HttpRequest) {
    const principal = principalOf(request);
    if (principal && !isPlatformAdmin(principal)) {
      if (!principal.tenant) return { items: [] };
      return {
        items: [await this.forward.json(TenancyRpc.getTenant, { code: principal.tenant }, request)],
      };
    }
    return this.forward.json(TenancyRpc.listTenants, {}, request);
  }

  @IdempotentPost()
  @Allow({ roles: ['platform-admin'], tenant: 'optional' })
  @ApiOperation({
    summary: 'Create a center (platform admin); every service seeds its section of the policy',
    description:
      'Sections sent in `policy` are checked by their services before the center is created, and stored right after.',
  })
  @ApiCreatedResponse({ type: TenantDto })
  @ApiProblems(409)
  async create(@Body() body: CreateTenantDto, @Req() request: HttpRequest) {
    const { policy, ...center } = body;
    if (policy) await this.policy.check(center.code, policy, request);
    const created = await this.forward.json(TenancyRpc.createTenant, center, request);
    if (policy) await this.policy.change(center.code, policy, request);
    return created;
  }

  @Get(':code/policy')
  @Allow({ roles: READERS, tenant: 'optional' })
  @ApiOperation({
    summary:
      "A center's policy, one section per service (staff of that center, or a platform admin)",
  })
  @ApiOkResponse({ type: PolicyDto })
  @ApiProblems(404)
  async getPolicy(@TenantCodeParam() code: string, @Req() request: HttpRequest) {
    await this.assertCenter(request, code);
    return this.policy.read(code, request);
  }

  @Patch(':code/policy')
  @Allow({ roles: ADMINISTRATORS, tenant: 'optional' })
  @ApiOperation({
    summary: "Change a center's policy: the sections sent, and in each only the fields sent",
  })
  @ApiOkResponse({ type: PolicyDto })
  @ApiProblems(404)
  async updatePolicy(
    @TenantCodeParam() code: string,
    @Body() body: PolicyPatchDto,
    @Req() request: HttpRequest,
  ) {
    await this.assertCenter(request, code);
    await this.policy.change(code, body, request);
    return this.policy.read(code, request);
  }

  /** Another center's policy is "not found", never "forbidden"; so is a center that does not exist. */
  private async assertCenter(request: HttpRequest, code: string): Promise<void> {
    const principal = principalOf(request);
    if (principal && !isPlatformAdmin(principal) && principal.tenant !== code)
      throw notFound(CommonErrors.TENANT_NOT_FOUND, `tenant ${code}`);
    await this.forward.call(TenancyRpc.getTenant, { code }, request);
  }
}
