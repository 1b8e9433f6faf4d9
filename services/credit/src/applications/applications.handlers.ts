import { CreditRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { ApplicationsService } from './applications.service';

export const ApplicationsHandlers = rpcHandlers(ApplicationsService)
  .on(CreditRpc.apply, (applications, request, ctx) => applications.apply(ctx, request))
  .on(CreditRpc.application, (applications, { id }, ctx) =>
    ctx.read((tx) => applications.get(tx, id)),
  );
