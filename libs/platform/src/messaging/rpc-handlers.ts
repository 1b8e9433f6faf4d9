import type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import { Inject, Injectable, type Type } from '@nestjs/common';
import type { RpcContract, RpcScope } from '@tf/contracts';
import type { HandlerContext, PlatformContext } from './handler-context';
import { RpcHandler } from './rpc-handler';

/** A center's operation gets a HandlerContext; a platform-level one a PlatformContext. */
export type ContextOf<Scope extends RpcScope> = Scope extends 'platform'
  ? PlatformContext
  : HandlerContext;

/** One contract's handler: the use case, the decoded request and its context to the reply. */
export type Handle<
  UseCase,
  Req extends DescMessage,
  Res extends DescMessage,
  Scope extends RpcScope,
> = (
  useCase: UseCase,
  request: MessageShape<Req>,
  ctx: ContextOf<Scope>,
) => Promise<MessageInitShape<Res>>;

/** A provider of NATS handlers, to which `.on` adds one contract at a time. */
export interface RpcHandlers<UseCase> extends Type<unknown> {
  on<Req extends DescMessage, Res extends DescMessage, Scope extends RpcScope>(
    contract: RpcContract<Req, Res, Scope>,
    handle: Handle<UseCase, Req, Res, Scope>,
  ): RpcHandlers<UseCase>;
}

/**
 * A service's NATS handlers as a table: each contract goes to its use case in one line, with the
 * request's type taken from the contract and the context's from its scope, so a handler cannot
 * decode the wrong message or reach for a transaction it was not given.
 *
 *   export const ValuationHandlers = rpcHandlers(ValuationsService)
 *     .on(ValuationRpc.get, (valuations, { id }, ctx) => ctx.read((tx) => valuations.get(tx, id)));
 *
 * It is a Nest provider (list it among the service's handlers) whose methods carry @RpcHandler;
 * the platform's RpcServer subscribes each to its subject.
 */
export function rpcHandlers<UseCase>(useCase: Type<UseCase>): RpcHandlers<UseCase> {
  class Handlers {
    constructor(readonly useCase: UseCase) {}

    static on<Req extends DescMessage, Res extends DescMessage, Scope extends RpcScope>(
      contract: RpcContract<Req, Res, Scope>,
      handle: Handle<UseCase, Req, Res, Scope>,
    ): RpcHandlers<UseCase> {
      const method = contract.subject;
      if (Object.prototype.hasOwnProperty.call(Handlers.prototype, method))
        throw new Error(`${Handlers.name} handles ${method} twice`);
      Object.defineProperty(Handlers.prototype, method, {
        value: function (this: Handlers, request: MessageShape<Req>, ctx: ContextOf<Scope>) {
          return handle(this.useCase, request, ctx);
        },
        writable: true,
        configurable: true,
      });
      const descriptor = Object.getOwnPropertyDescriptor(Handlers.prototype, method);
      if (!descriptor) throw new Error(`${method} was not defined on ${Handlers.name}`);
      RpcHandler(contract)(Handlers.prototype, method, descriptor);
      return Handlers;
    }
  }
  Object.defineProperty(Handlers, 'name', { value: `${useCase.name}Handlers` });
  Inject(useCase)(Handlers, undefined, 0);
  Injectable()(Handlers);
  return Handlers;
}
