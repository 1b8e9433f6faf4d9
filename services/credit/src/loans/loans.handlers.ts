import { CreditRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { LoansService } from './loans.service';

export const LoansHandlers = rpcHandlers(LoansService)
  .on(CreditRpc.get, (loans, { id }, ctx) => ctx.read((tx) => loans.get(tx, id)))
  .on(CreditRpc.list, (loans, request, ctx) => ctx.read((tx) => loans.list(tx, request)))
  .on(CreditRpc.schedule, (loans, { id }, ctx) => ctx.read((tx) => loans.schedule(tx, id)))
  .on(CreditRpc.disburse, (loans, request, ctx) => loans.disburse(ctx, request))
  .on(CreditRpc.pledgedAssets, (loans, request, ctx) =>
    ctx.read((tx) => loans.pledgedAssets(tx, request)),
  )
  .on(CreditRpc.portfolio, (loans, _request, ctx) => ctx.read((tx) => loans.portfolio(tx)));
