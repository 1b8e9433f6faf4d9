import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type HandlerContext } from '@tf/platform';
import { TenantsService, tenantToMessage } from './tenants.service';

@Controller()
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @RpcHandler(TenancyRpc.listTenants)
  async list(@RpcContext() ctx: HandlerContext) {
    return { items: (await this.tenants.list(ctx)).map(tenantToMessage) };
  }

  @RpcHandler(TenancyRpc.getTenant)
  async get(@RpcMessage() request: tenancy.GetTenantRequest, @RpcContext() ctx: HandlerContext) {
    return tenantToMessage(await this.tenants.get(ctx, request.code));
  }

  @RpcHandler(TenancyRpc.createTenant)
  async create(
    @RpcMessage() request: tenancy.CreateTenantRequest,
    @RpcContext() ctx: HandlerContext,
  ) {
    return tenantToMessage(await this.tenants.create(ctx, request));
  }

  @RpcHandler(TenancyRpc.updatePolicy)
  async updatePolicy(
    @RpcMessage() request: tenancy.UpdatePolicyRequest,
    @RpcContext() ctx: HandlerContext,
  ) {
    return tenantToMessage(await this.tenants.updatePolicy(ctx, request));
  }
}
