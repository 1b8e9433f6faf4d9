import { TenancyRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { SessionsService } from './sessions.service';

export const SessionsHandlers = rpcHandlers(SessionsService)
  .on(TenancyRpc.openSession, (sessions, request, ctx) => sessions.open(ctx, request))
  .on(TenancyRpc.checkSession, (sessions, request, ctx) =>
    ctx.read((tx) => sessions.check(tx, request.id)),
  )
  .on(TenancyRpc.closeSession, (sessions, request, ctx) =>
    ctx.unitOfWork((tx) => sessions.close(tx, request.id)),
  );
