import { TenancyRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { TenantsService } from './tenants.service';

export const TenantsHandlers = rpcHandlers(TenantsService)
  .on(TenancyRpc.listTenants, (tenants, _request, ctx) => ctx.read((tx) => tenants.list(tx)))
  .on(TenancyRpc.getTenant, (tenants, request, ctx) =>
    ctx.read((tx) => tenants.get(tx, request.code)),
  )
  .on(TenancyRpc.createTenant, (tenants, request, ctx) =>
    ctx.unitOfWork((tx) => tenants.create(tx, request)),
  );
