import { Controller } from '@nestjs/common';
import { ValuationRpc, type valuation } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type TenantHandlerContext } from '@tf/platform';
import { PledgeValuesService } from './pledge-values.service';

@Controller()
export class PledgeValuesController {
  constructor(private readonly pledgeValues: PledgeValuesService) {}

  @RpcHandler(ValuationRpc.pledgeValue)
  get(
    @RpcMessage() request: valuation.PledgeValueRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return this.pledgeValues.pledgeValue(ctx, request);
  }
}
