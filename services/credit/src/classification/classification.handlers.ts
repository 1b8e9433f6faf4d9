import { CreditRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { ClassificationService } from './classification.service';

export const ClassificationHandlers = rpcHandlers(ClassificationService).on(
  CreditRpc.classify,
  (classification, request, ctx) => classification.run(ctx, request),
);
