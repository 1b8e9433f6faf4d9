import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type TenantHandlerContext } from '@tf/platform';
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

  @RpcHandler(TenancyRpc.listUsers)
  async list(
    @RpcMessage() request: tenancy.ListUsersRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    const page = await this.users.list(ctx, request);
    return { items: page.items.map(userToMessage), page: { nextCursor: page.nextCursor } };
  }

  @RpcHandler(TenancyRpc.disableUser)
  async disable(
    @RpcMessage() request: tenancy.DisableUserRequest,
    @RpcContext() ctx: TenantHandlerContext,
  ) {
    return userToMessage(await this.users.disable(ctx, request.id));
  }
}
