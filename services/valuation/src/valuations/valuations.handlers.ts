import { ValuationRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { ValuationsService } from './valuations.service';

export const ValuationsHandlers = rpcHandlers(ValuationsService)
  .on(ValuationRpc.request, (valuations, request, ctx) => valuations.request(ctx, request))
  .on(ValuationRpc.get, (valuations, request, ctx) =>
    ctx.read((tx) => valuations.get(tx, request.id)),
  )
  .on(ValuationRpc.list, (valuations, request, ctx) =>
    ctx.read((tx) => valuations.list(tx, request)),
  )
  .on(ValuationRpc.approve, (valuations, request, ctx) => valuations.approve(ctx, request.id))
  .on(ValuationRpc.reject, (valuations, request, ctx) =>
    ctx.unitOfWork((tx) => valuations.reject(tx, request.id, request.reason)),
  );
