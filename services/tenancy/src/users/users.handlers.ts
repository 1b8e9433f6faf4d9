import { TenancyRpc } from '@tf/contracts';
import { rpcHandlers } from '@tf/platform';
import { UsersService } from './users.service';

export const UsersHandlers = rpcHandlers(UsersService)
  .on(TenancyRpc.createUser, (users, request, ctx) =>
    users.create(request, (work) => ctx.unitOfWork(work)),
  )
  .on(TenancyRpc.getUser, (users, request, ctx) => ctx.read((tx) => users.get(tx, request.id)))
  .on(TenancyRpc.listUsers, (users, request, ctx) => ctx.read((tx) => users.list(tx, request)))
  .on(TenancyRpc.disableUser, (users, request, ctx) =>
    ctx.unitOfWork((tx) => users.disable(tx, request.id)),
  );
