import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type HandlerContext } from '@tf/platform';
import { EnterprisesService } from './enterprises.service';

@Controller()
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @RpcHandler(TenancyRpc.createEnterprise)
  create(
    @RpcMessage() request: tenancy.CreateEnterpriseRequest,
    @RpcContext() ctx: HandlerContext,
  ) {
    return ctx.unitOfWork((tx) => this.enterprises.register(tx, request));
  }

  @RpcHandler(TenancyRpc.getEnterprise)
  get(@RpcMessage() request: tenancy.GetEnterpriseRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.read((tx) => this.enterprises.get(tx, request.id));
  }

  @RpcHandler(TenancyRpc.listEnterprises)
  list(@RpcMessage() request: tenancy.ListEnterprisesRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.read((tx) => this.enterprises.list(tx, request));
  }
}
