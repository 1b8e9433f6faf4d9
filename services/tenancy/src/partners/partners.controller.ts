import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type TenantHandlerContext } from '@tf/platform';
import { PartnersService, partnerToMessage } from './partners.service';

@Controller()
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @RpcHandler(TenancyRpc.createPartner)
  async create(
    @RpcMessage() request: tenancy.CreatePartnerRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return partnerToMessage(await this.partners.create(ctx, request));
  }

  @RpcHandler(TenancyRpc.getPartner)
  async get(
    @RpcMessage() request: tenancy.GetPartnerRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return partnerToMessage(await this.partners.get(ctx, request.id));
  }

  @RpcHandler(TenancyRpc.listPartners)
  async list(
    @RpcMessage() request: tenancy.ListPartnersRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    const page = await this.partners.list(ctx, request);
    return { items: page.items.map(partnerToMessage), page: { nextCursor: page.nextCursor } };
  }
}
