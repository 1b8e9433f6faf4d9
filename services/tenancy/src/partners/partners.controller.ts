import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type HandlerContext } from '@tf/platform';
import { PartnersService } from './partners.service';

@Controller()
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @RpcHandler(TenancyRpc.createPartner)
  create(@RpcMessage() request: tenancy.CreatePartnerRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.unitOfWork((tx) => this.partners.create(tx, request));
  }

  @RpcHandler(TenancyRpc.getPartner)
  get(@RpcMessage() request: tenancy.GetPartnerRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.read((tx) => this.partners.get(tx, request.id));
  }

  @RpcHandler(TenancyRpc.listPartners)
  list(@RpcMessage() request: tenancy.ListPartnersRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.read((tx) => this.partners.list(tx, request));
  }
}
