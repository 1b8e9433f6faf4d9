import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type PlatformContext } from '@tf/platform';
import { TenantsService } from './tenants.service';

@Controller()
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @RpcHandler(TenancyRpc.listTenants)
  list(@RpcContext() ctx: PlatformContext) {
    return ctx.read((tx) => this.tenants.list(tx));
  }

  @RpcHandler(TenancyRpc.getTenant)
  get(@RpcMessage() request: tenancy.GetTenantRequest, @RpcContext() ctx: PlatformContext) {
    return ctx.read((tx) => this.tenants.get(tx, request.code));
  }

  @RpcHandler(TenancyRpc.createTenant)
  create(@RpcMessage() request: tenancy.CreateTenantRequest, @RpcContext() ctx: PlatformContext) {
    return ctx.unitOfWork((tx) => this.tenants.create(tx, request));
  }
}
