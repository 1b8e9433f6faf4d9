import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import {
  RpcContext,
  RpcHandler,
  RpcMessage,
  type HandlerContext,
  type PlatformContext,
} from '@tf/platform';
import { ApiKeysService } from './api-keys.service';

@Controller()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @RpcHandler(TenancyRpc.issueApiKey)
  issue(@RpcMessage() request: tenancy.IssueApiKeyRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.unitOfWork((tx) => this.apiKeys.issue(tx, request.partnerId));
  }

  @RpcHandler(TenancyRpc.revokeApiKey)
  revoke(@RpcMessage() request: tenancy.RevokeApiKeyRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.unitOfWork((tx) => this.apiKeys.revoke(tx, request.id));
  }

  @RpcHandler(TenancyRpc.authenticateApiKey)
  authenticate(
    @RpcMessage() request: tenancy.AuthenticateApiKeyRequest,
    @RpcContext() ctx: PlatformContext,
  ) {
    return ctx.read((tx) => this.apiKeys.authenticate(tx, request.key));
  }
}
