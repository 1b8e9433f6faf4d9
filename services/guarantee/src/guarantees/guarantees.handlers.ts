import { GuaranteeRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { GuaranteesService } from './guarantees.service';

export const GuaranteesHandlers = rpcHandlers(GuaranteesService)
  .on(GuaranteeRpc.request, (guarantees, request, ctx) => guarantees.request(ctx, request))
  .on(GuaranteeRpc.get, (guarantees, { id }, ctx) => ctx.read((tx) => guarantees.get(tx, id)))
  .on(GuaranteeRpc.list, (guarantees, request, ctx) =>
    ctx.read((tx) => guarantees.list(tx, request)),
  )
  .on(GuaranteeRpc.approve, (guarantees, { id }, ctx) => guarantees.approve(ctx, id))
  .on(GuaranteeRpc.decline, (guarantees, { id, reason }, ctx) =>
    guarantees.decline(ctx, id, reason),
  );
