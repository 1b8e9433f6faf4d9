import { InvestmentRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { FundsService } from './funds.service';

export const FundsHandlers = rpcHandlers(FundsService).on(InvestmentRpc.get, (funds, { id }, ctx) =>
  ctx.read((tx) => funds.get(tx, id)),
);
