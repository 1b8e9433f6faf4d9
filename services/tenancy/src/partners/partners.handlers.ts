import { TenancyRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { PartnersService } from './partners.service';

export const PartnersHandlers = rpcHandlers(PartnersService)
  .on(TenancyRpc.createPartner, (partners, request, ctx) =>
    ctx.unitOfWork((tx) => partners.create(tx, request)),
  )
  .on(TenancyRpc.getPartner, (partners, request, ctx) =>
    ctx.read((tx) => partners.get(tx, request.id)),
  )
  .on(TenancyRpc.listPartners, (partners, request, ctx) =>
    ctx.read((tx) => partners.list(tx, request)),
  );
