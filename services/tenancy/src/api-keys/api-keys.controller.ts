import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import {
  RpcContext,
  RpcHandler,
  RpcMessage,
  type HandlerContext,
  type TenantHandlerContext,
} from '@tf/platform';
import { ApiKeysService, apiKeyToMessage } from './api-keys.service';

@Controller()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @RpcHandler(TenancyRpc.issueApiKey)
  async issue(
    @RpcMessage() request: tenancy.IssueApiKeyRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    const { apiKey, key } = await this.apiKeys.issue(ctx, request.partnerId);
    return { apiKey: apiKeyToMessage(apiKey), key };
  }

  @RpcHandler(TenancyRpc.revokeApiKey)
  async revoke(
    @RpcMessage() request: tenancy.RevokeApiKeyRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return apiKeyToMessage(await this.apiKeys.revoke(ctx, request.id));
  }

  @RpcHandler(TenancyRpc.authenticateApiKey)
  authenticate(
    @RpcMessage() request: tenancy.AuthenticateApiKeyRequest,
    @RpcContext() ctx: HandlerContext,
  ) {
    return this.apiKeys.authenticate(ctx, request.key);
  }
}
