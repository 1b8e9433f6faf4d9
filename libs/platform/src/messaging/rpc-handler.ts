import { AsyncLocalStorage } from 'node:async_hooks';
import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
} from '@bufbuild/protobuf';
import {
  applyDecorators,
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MessagePattern, type NatsContext } from '@nestjs/microservices';
import type { RpcContract } from '@tf/contracts';
import type { Logger } from 'pino';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { PlatformConfig } from '../config/platform.config';
import { contextFromHeaders, HEADER } from '../context/nats-headers';
import { runInContext, type RequestContext } from '../context/request-context';
import { TenantDatabase, type HandlerContext } from '../database/tenant-database';
import { DomainError, invalidInput, notFound } from '../errors/domain-error';
import { toErrorMessage } from '../errors/error-codec';
import { newId } from '../ids/ids';
import { LOGGER } from '../logging/logger.token';
import { PlatformMetrics } from '../health/platform-metrics';
import type { ReplyBody } from './proto-serializers';

const RPC_CONTRACT = Symbol('tf:rpc-contract');

const handlerContext = new AsyncLocalStorage<HandlerContext>();

/**
 * Declares a NATS request-reply handler for a contract. The method receives the decoded request
 * (@RpcMessage()) and the context (@RpcContext()); it returns the reply message or throws a
 * DomainError. Decoding, the transaction, tenant checks, encoding, errors and metrics are done once
 * here, so handlers stay a line or two.
 */
export function RpcHandler(contract: RpcContract) {
  return applyDecorators(
    MessagePattern(contract.subject),
    SetMetadata(RPC_CONTRACT, contract),
    UseInterceptors(RpcInterceptor),
  );
}

export const RpcMessage = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const contract = Reflect.getMetadata(RPC_CONTRACT, ctx.getHandler()) as RpcContract | undefined;
  if (!contract)
    throw new Error(`@RpcMessage() used on ${ctx.getHandler().name}, which has no @RpcHandler()`);
  try {
    return fromBinary(contract.request, ctx.switchToRpc().getData<Uint8Array>());
  } catch {
    throw invalidInput(
      'body',
      `is not a valid ${contract.request.typeName} message`,
      'MALFORMED_MESSAGE',
    );
  }
});

export const RpcContext = createParamDecorator(() => {
  const ctx = handlerContext.getStore();
  if (!ctx) throw new Error('@RpcContext() used outside an @RpcHandler()');
  return ctx;
});

@Injectable()
export class RpcInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: TenantDatabase,
    private readonly config: PlatformConfig,
    private readonly metrics: PlatformMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<ReplyBody> {
    const contract = this.reflector.get<RpcContract>(RPC_CONTRACT, context.getHandler());
    const nats = context.switchToRpc().getContext<NatsContext>();
    const request = contextFromHeaders(nats.getHeaders(), newId());
    return from(runInContext(request, () => this.handle(contract, request, next)));
  }

  private async handle(
    contract: RpcContract,
    request: RequestContext,
    next: CallHandler,
  ): Promise<ReplyBody> {
    const stopTimer = this.metrics.rpcDuration.startTimer({ subject: contract.subject });
    const headers = { [HEADER.requestId]: request.requestId };
    try {
      const tenant = this.tenantFor(contract, request);
      const result: unknown = await this.db.unitOfWork({ ...request, tenant }, (ctx) =>
        handlerContext.run(ctx, () => lastValueFrom(next.handle())),
      );
      stopTimer({ outcome: 'ok' });
      const reply = create(contract.response, result as MessageInitShape<DescMessage>);
      return { payload: toBinary(contract.response, reply), headers };
    } catch (error) {
      const message = toErrorMessage(error);
      if (message.status >= 500) {
        this.logger.error({ err: error, subject: contract.subject }, 'handler failed');
      }
      stopTimer({ outcome: String(message.status) });
      return { error: message, headers };
    }
  }

  /** The tenant the transaction runs in; refuses tenant-scoped calls without one, or for a center not served here. */
  private tenantFor(contract: RpcContract, request: RequestContext): string | undefined {
    if (contract.scope === 'platform') return request.tenant;
    if (!request.tenant) {
      throw new DomainError('TENANT_REQUIRED', 400, `${contract.subject} needs a tenant`);
    }
    const served = this.config.servedTenants;
    if (served && !served.includes(request.tenant)) {
      throw notFound('tenant', request.tenant);
    }
    return request.tenant;
  }
}
