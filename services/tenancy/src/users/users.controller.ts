import { Controller } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { RpcContext, RpcHandler, RpcMessage, type HandlerContext } from '@tf/platform';
import { UsersService } from './users.service';

@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @RpcHandler(TenancyRpc.createUser)
  create(@RpcMessage() request: tenancy.CreateUserRequest, @RpcContext() ctx: HandlerContext) {
    return this.users.create(request, (work) => ctx.unitOfWork(work));
  }

  @RpcHandler(TenancyRpc.getUser)
  get(@RpcMessage() request: tenancy.GetUserRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.read((tx) => this.users.get(tx, request.id));
  }

  @RpcHandler(TenancyRpc.listUsers)
  list(@RpcMessage() request: tenancy.ListUsersRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.read((tx) => this.users.list(tx, request));
  }

  @RpcHandler(TenancyRpc.disableUser)
  disable(@RpcMessage() request: tenancy.DisableUserRequest, @RpcContext() ctx: HandlerContext) {
    return ctx.unitOfWork((tx) => this.users.disable(tx, request.id));
  }
}
