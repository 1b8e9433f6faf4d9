import { CreditRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { RepaymentsService } from './repayments.service';

export const RepaymentsHandlers = rpcHandlers(RepaymentsService).on(
  CreditRpc.repay,
  (repayments, request, ctx) => repayments.repay(ctx, request),
);
