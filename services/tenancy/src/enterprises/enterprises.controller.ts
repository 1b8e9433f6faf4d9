import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type TenantHandlerContext } from '@tf/platform';
import { EnterprisesService, enterpriseToMessage } from './enterprises.service';

@Controller()
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @RpcHandler(TenancyRpc.createEnterprise)
  async create(
    @RpcMessage() request: tenancy.CreateEnterpriseRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return enterpriseToMessage(await this.enterprises.register(ctx, request));
  }

  @RpcHandler(TenancyRpc.getEnterprise)
  async get(
    @RpcMessage() request: tenancy.GetEnterpriseRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return enterpriseToMessage(await this.enterprises.get(ctx, request.id));
  }

  @RpcHandler(TenancyRpc.listEnterprises)
  async list(
    @RpcMessage() request: tenancy.ListEnterprisesRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    const page = await this.enterprises.list(ctx, request);
    return { items: page.items.map(enterpriseToMessage), page: { nextCursor: page.nextCursor } };
  }
}
