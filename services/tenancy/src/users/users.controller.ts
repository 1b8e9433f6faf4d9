import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import {
  RpcContext,
  RpcHandler,
  RpcMessage,
  type HandlerContext,
  type TenantHandlerContext,
} from '@tf/platform';
import { UsersService, userToMessage } from './users.service';

@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @RpcHandler(TenancyRpc.createUser)
  async create(
    @RpcMessage() request: tenancy.CreateUserRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return userToMessage(await this.users.create(ctx, request));
  }

  @RpcHandler(TenancyRpc.getUser)
  async get(
    @RpcMessage() request: tenancy.GetUserRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return userToMessage(await this.users.get(ctx, request.id));
  }

  @RpcHandler(TenancyRpc.verifyPassword)
  verify(@RpcMessage() request: tenancy.VerifyPasswordRequest, @RpcContext() ctx: HandlerContext) {
    return this.users.verify(ctx, request);
  }
}
