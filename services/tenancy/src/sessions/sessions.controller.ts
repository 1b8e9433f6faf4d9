import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type PlatformContext } from '@tf/platform';
import { SessionsService } from './sessions.service';

@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @RpcHandler(TenancyRpc.openSession)
  open(@RpcMessage() request: tenancy.OpenSessionRequest, @RpcContext() ctx: PlatformContext) {
    return this.sessions.open(ctx, request);
  }

  @RpcHandler(TenancyRpc.checkSession)
  check(@RpcMessage() request: tenancy.SessionRequest, @RpcContext() ctx: PlatformContext) {
    return ctx.read((tx) => this.sessions.check(tx, request.id));
  }

  @RpcHandler(TenancyRpc.closeSession)
  close(@RpcMessage() request: tenancy.SessionRequest, @RpcContext() ctx: PlatformContext) {
    return ctx.unitOfWork((tx) => this.sessions.close(tx, request.id));
  }
}
