import { Controller } from '@nestjs/common';
import { ValuationRpc, type valuation } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type HandlerContext } from '@tf/platform';
import { ValuationsService } from './valuations.service';

@Controller()
export class ValuationsController {
  constructor(private readonly valuations: ValuationsService) {}

  @RpcHandler(ValuationRpc.request)
  request(
    @RpcMessage() request: valuation.RequestValuationRequest,
    @RpcContext() ctx: HandlerContext,
  ) {
    return this.valuations.request(ctx, request);
  }

  @RpcHandler(ValuationRpc.get)
  get(@RpcMessage() request: valuation.GetValuationRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.read((tx) => this.valuations.get(tx, request.id));
  }

  @RpcHandler(ValuationRpc.list)
  list(@RpcMessage() request: valuation.ListValuationsRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.read((tx) => this.valuations.list(tx, request));
  }

  @RpcHandler(ValuationRpc.approve)
  approve(
    @RpcMessage() request: valuation.ApproveValuationRequest,
    @RpcContext() ctx: HandlerContext,
  ) {
    return this.valuations.approve(ctx, request.id);
  }

  @RpcHandler(ValuationRpc.reject)
  reject(
    @RpcMessage() request: valuation.RejectValuationRequest,
    @RpcContext() ctx: HandlerContext,
  ) {
    return ctx.unitOfWork((tx) => this.valuations.reject(tx, request.id, request.reason));
  }
}
