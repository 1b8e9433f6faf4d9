import { GuaranteeRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { InstitutionsService } from './institutions.service';

export const InstitutionsHandlers = rpcHandlers(InstitutionsService)
  .on(GuaranteeRpc.capacity, (institutions, _request, ctx) => institutions.capacity(ctx))
  .on(GuaranteeRpc.updateInstitution, (institutions, request, ctx) =>
    institutions.update(ctx, request),
  );
