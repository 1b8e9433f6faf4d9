import { Controller } from '@nestjs/common';
import { ValuationRpc, type valuation } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type TenantHandlerContext } from '@tf/platform';
import { valuationToMessage } from './valuation.mapping';
import { ValuationsService, type StoredValuation } from './valuations.service';

const toMessage = ({ valuation: v, assets }: StoredValuation) => valuationToMessage(v, assets);

@Controller()
export class ValuationsController {
  constructor(private readonly valuations: ValuationsService) {}

  @RpcHandler(ValuationRpc.request)
  async request(
    @RpcMessage() request: valuation.RequestValuationRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return toMessage(await this.valuations.request(ctx, request));
  }

  @RpcHandler(ValuationRpc.get)
  async get(
    @RpcMessage() request: valuation.GetValuationRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return toMessage(await this.valuations.get(ctx, request.id));
  }

  @RpcHandler(ValuationRpc.list)
  async list(
    @RpcMessage() request: valuation.ListValuationsRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    const page = await this.valuations.list(ctx, request);
    return { items: page.items.map(toMessage), page: { nextCursor: page.nextCursor } };
  }

  @RpcHandler(ValuationRpc.approve)
  async approve(
    @RpcMessage() request: valuation.ApproveValuationRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return toMessage(await this.valuations.approve(ctx, request.id));
  }

  @RpcHandler(ValuationRpc.reject)
  async reject(
    @RpcMessage() request: valuation.RejectValuationRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return toMessage(await this.valuations.reject(ctx, request.id, request.reason));
  }
}
