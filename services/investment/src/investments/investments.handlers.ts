import { InvestmentRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { InvestmentsService } from './investments.service';

export const InvestmentsHandlers = rpcHandlers(InvestmentsService)
  .on(InvestmentRpc.closeDeal, (investments, request, ctx) => investments.close(ctx, request))
  .on(InvestmentRpc.getInvestment, (investments, { id }, ctx) =>
    ctx.read((tx) => investments.get(tx, id)),
  )
  .on(InvestmentRpc.listInvestments, (investments, request, ctx) =>
    ctx.read((tx) => investments.list(tx, request)),
  )
  .on(InvestmentRpc.followOn, (investments, request, ctx) => investments.followOn(ctx, request))
  .on(InvestmentRpc.mark, (investments, request, ctx) => investments.mark(ctx, request))
  .on(InvestmentRpc.exit, (investments, request, ctx) => investments.exit(ctx, request));
