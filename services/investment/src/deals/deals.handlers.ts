import { InvestmentRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { DealsService } from './deals.service';

export const DealsHandlers = rpcHandlers(DealsService)
  .on(InvestmentRpc.createDeal, (deals, request, ctx) => deals.create(ctx, request))
  .on(InvestmentRpc.getDeal, (deals, { id }, ctx) => deals.get(ctx, id))
  .on(InvestmentRpc.listDeals, (deals, request, ctx) => deals.list(ctx, request))
  .on(InvestmentRpc.moveDeal, (deals, request, ctx) => deals.move(ctx, request))
  .on(InvestmentRpc.vote, (deals, request, ctx) => deals.vote(ctx, request));
