import { TenancyRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { ApiKeysService } from './api-keys.service';

export const ApiKeysHandlers = rpcHandlers(ApiKeysService)
  .on(TenancyRpc.issueApiKey, (apiKeys, request, ctx) =>
    ctx.unitOfWork((tx) => apiKeys.issue(tx, request.partnerId)),
  )
  .on(TenancyRpc.revokeApiKey, (apiKeys, request, ctx) =>
    ctx.unitOfWork((tx) => apiKeys.revoke(tx, request.id)),
  )
  .on(TenancyRpc.authenticateApiKey, (apiKeys, request, ctx) =>
    ctx.read((tx) => apiKeys.authenticate(tx, request.key)),
  );
