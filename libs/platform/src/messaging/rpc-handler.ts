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
import { idempotencyClientOf, runInContext, type RequestContext } from '../context/request-context';
import { TenantDatabase, type HandlerContext } from '../database/tenant-database';
import { CommonErrors, DomainError, invalidInput, notFound } from '@tf/core';
import { toErrorMessage } from '../errors/error-codec';
import { newId } from '@tf/core';
import { LOGGER } from '../logging/logger.token';
import { PlatformMetrics } from '../health/platform-metrics';
import {
  claimCommand,
  commandFingerprint,
  storeCommandReply,
  type CommandKey,
} from './idempotent-commands';
import type { ReplyBody } from './proto-serializers';

const RPC_CONTRACT = Symbol('tf:rpc-contract');
const RPC_OPTIONS = Symbol('tf:rpc-options');

export interface RpcHandlerOptions {
  /**
   * false: the handler gets no transaction; it opens short ones itself (TenantDatabase) and holds
   * no pooled connection while it waits on something else (a password hash, another service).
   * Only for queries and platform-level commands: a tenant command records its Idempotency-Key
   * in the transaction of its writes.
   */
  transaction?: boolean;
}

const handlerContext = new AsyncLocalStorage<HandlerContext>();

/**
 * Declares a NATS request-reply handler for a contract. The method receives the decoded request
 * (@RpcMessage()) and the context (@RpcContext()); it returns the reply message or throws a
 * DomainError. Decoding, the transaction, tenant checks, encoding, errors and metrics are done once
 * here, so handlers stay a line or two.
 */
export function RpcHandler(contract: RpcContract, options: RpcHandlerOptions = {}) {
  if (options.transaction === false && contract.kind === 'command' && contract.scope === 'tenant') {
    throw new Error(
      `${contract.subject}: a tenant command runs in a transaction (its Idempotency-Key is recorded there)`,
    );
  }
  return applyDecorators(
    MessagePattern(contract.subject),
    SetMetadata(RPC_CONTRACT, contract),
    SetMetadata(RPC_OPTIONS, options),
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
      CommonErrors.MALFORMED_MESSAGE,
    );
  }
});

const withoutTransaction = new AsyncLocalStorage<RequestContext>();

/**
 * The handler's context: with a transaction (HandlerContext, the default), or without one
 * (RequestContext, for `@RpcHandler(contract, { transaction: false })`).
 */
export const RpcContext = createParamDecorator(() => {
  const ctx = handlerContext.getStore() ?? withoutTransaction.getStore();
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
    const options = this.reflector.get<RpcHandlerOptions>(RPC_OPTIONS, context.getHandler());
    const rpc = context.switchToRpc();
    const request = contextFromHeaders(rpc.getContext<NatsContext>().getHeaders(), newId());
    const payload = rpc.getData<Uint8Array>();
    return from(
      runInContext(request, () =>
        options.transaction === false
          ? this.handleWithoutTransaction(contract, request, next)
          : this.handle(contract, request, payload, next),
      ),
    );
  }

  private handleWithoutTransaction(
    contract: RpcContract,
    request: RequestContext,
    next: CallHandler,
  ): Promise<ReplyBody> {
    return this.answer(contract, request, async () => {
      const tenant = this.tenantFor(contract, request);
      const result: unknown = await withoutTransaction.run({ ...request, tenant }, () =>
        lastValueFrom(next.handle()),
      );
      return encodeReply(contract, result);
    });
  }

  private handle(
    contract: RpcContract,
    request: RequestContext,
    payload: Uint8Array,
    next: CallHandler,
  ): Promise<ReplyBody> {
    return this.answer(contract, request, async () => {
      const tenant = this.tenantFor(contract, request);
      const command = commandKey(contract, { ...request, tenant }, payload);
      return this.db.unitOfWork({ ...request, tenant }, async (ctx) => {
        if (command) {
          const claim = await claimCommand(ctx.manager, this.db.schema, command);
          if (claim.kind === 'replay') return claim.reply;
        }
        const result: unknown = await handlerContext.run(ctx, () => lastValueFrom(next.handle()));
        const bytes = encodeReply(contract, result);
        if (command) await storeCommandReply(ctx.manager, this.db.schema, command, bytes);
        return bytes;
      });
    });
  }

  /** Runs the handling, timing it; the reply bytes, or the error as data. */
  private async answer(
    contract: RpcContract,
    request: RequestContext,
    reply: () => Promise<Uint8Array>,
  ): Promise<ReplyBody> {
    const stopTimer = this.metrics.rpcDuration.startTimer({ subject: contract.subject });
    const headers = { [HEADER.requestId]: request.requestId };
    try {
      const payload = await reply();
      stopTimer({ outcome: 'ok' });
      return { payload, headers };
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
      throw new DomainError(CommonErrors.TENANT_REQUIRED, `${contract.subject} needs a tenant`);
    }
    const served = this.config.servedTenants;
    if (served && !served.includes(request.tenant)) {
      throw notFound(CommonErrors.TENANT_NOT_FOUND, `tenant ${request.tenant}`);
    }
    return request.tenant;
  }
}

/** What the handler returned, as the contract's reply message in bytes. */
function encodeReply(contract: RpcContract, result: unknown): Uint8Array {
  return toBinary(
    contract.response,
    create(contract.response, result as MessageInitShape<DescMessage>),
  );
}

/** A tenant command that came with an Idempotency-Key from an identified client, or null. */
function commandKey(
  contract: RpcContract,
  request: RequestContext,
  payload: Uint8Array,
): CommandKey | null {
  const clientId = idempotencyClientOf(request.actor);
  if (contract.kind !== 'command' || !request.tenant || !request.idempotencyKey || !clientId)
    return null;
  return {
    tenant: request.tenant,
    clientId,
    key: request.idempotencyKey,
    subject: contract.subject,
    fingerprint: commandFingerprint(payload),
  };
}
