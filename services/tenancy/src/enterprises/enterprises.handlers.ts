import { TenancyRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { EnterprisesService } from './enterprises.service';

export const EnterprisesHandlers = rpcHandlers(EnterprisesService)
  .on(TenancyRpc.createEnterprise, (enterprises, request, ctx) =>
    ctx.unitOfWork((tx) => enterprises.register(tx, request)),
  )
  .on(TenancyRpc.getEnterprise, (enterprises, request, ctx) =>
    ctx.read((tx) => enterprises.get(tx, request.id)),
  )
  .on(TenancyRpc.listEnterprises, (enterprises, request, ctx) =>
    ctx.read((tx) => enterprises.list(tx, request)),
  );
