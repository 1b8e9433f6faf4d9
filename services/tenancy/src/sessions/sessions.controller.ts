import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type HandlerContext } from '@tf/platform';
import { SessionsService } from './sessions.service';

@Controller()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @RpcHandler(TenancyRpc.openSession, { transaction: false })
  open(@RpcMessage() request: tenancy.OpenSessionRequest) {
    return this.sessions.open(request);
  }

  @RpcHandler(TenancyRpc.checkSession)
  check(@RpcMessage() request: tenancy.SessionRequest, @RpcContext() ctx: HandlerContext) {
    return this.sessions.check(ctx, request.id);
  }

  @RpcHandler(TenancyRpc.closeSession)
  close(@RpcMessage() request: tenancy.SessionRequest, @RpcContext() ctx: HandlerContext) {
    return this.sessions.close(ctx, request.id);
  }
}
