import { Controller } from '@nestjs/common';
import { ValuationRpc, type valuation } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type HandlerContext } from '@tf/platform';
import { PledgeValuesService } from './pledge-values.service';

@Controller()
export class PledgeValuesController {
  constructor(private readonly pledgeValues: PledgeValuesService) {}

  @RpcHandler(ValuationRpc.pledgeValue)
  get(@RpcMessage() request: valuation.PledgeValueRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.read((tx) => this.pledgeValues.pledgeValue(tx, request));
  }
}
