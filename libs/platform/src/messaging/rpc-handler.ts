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
import { CommonErrors, DomainError, invalidInput, newId, notFound } from '@tf/core';
import { TenantDatabase } from '../database/tenant-database';
import { toErrorMessage } from '../errors/error-codec';
import { LOGGER } from '../logging/logger.token';
import { PlatformMetrics } from '../health/platform-metrics';
import {
  platformHandlerContext,
  StoredReply,
  tenantHandlerContext,
  type HandlerContext,
  type PlatformContext,
  type WrittenReply,
} from './handler-context';
import { commandFingerprint, type CommandKey } from './idempotent-commands';
import type { ReplyBody } from './proto-serializers';

const RPC_CONTRACT = Symbol('tf:rpc-contract');

/** The context of the handler running now, for @RpcContext(). */
const current = new AsyncLocalStorage<HandlerContext | PlatformContext>();

/**
 * Declares a NATS request-reply handler for a contract. The method receives the decoded request
 * (@RpcMessage()) and its context (@RpcContext(): a HandlerContext, or a PlatformContext for a
 * platform-level contract); it returns the reply message or throws a DomainError. Decoding,
 * tenant checks, Idempotency-Keys, encoding, errors and metrics are done once here, so handlers
 * stay a line or two.
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
      CommonErrors.MALFORMED_MESSAGE,
    );
  }
});

/**
 * The handler's context: with a transaction (HandlerContext, the default), or without one
 * (RequestContext, for `@RpcHandler(contract, { transaction: false })`).
 */
export const RpcContext = createParamDecorator(() => {
  const ctx = current.getStore();
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
    const rpc = context.switchToRpc();
    const request = contextFromHeaders(rpc.getContext<NatsContext>().getHeaders(), newId());
    const payload = rpc.getData<Uint8Array>();
    return from(
      runInContext(request, () =>
        this.answer(contract, request, () => this.handle(contract, request, payload, next)),
      ),
    );
  }

  private async handle(
    contract: RpcContract,
    request: RequestContext,
    payload: Uint8Array,
    next: CallHandler,
  ): Promise<Uint8Array> {
    const encode = (result: unknown) => encodeReply(contract, result);
    if (contract.scope === 'platform') {
      const ctx = platformHandlerContext(this.db, request);
      return encode(await current.run(ctx, () => lastValueFrom(next.handle())));
    }
    const tenant = this.tenantOf(contract, request);
    const command = commandKey(contract, { ...request, tenant }, payload);
    const written: { reply?: WrittenReply } = {};
    const ctx = tenantHandlerContext(
      this.db,
      contract,
      { ...request, tenant },
      command,
      encode,
      written,
    );
    let result: unknown;
    try {
      result = await current.run(ctx, () => lastValueFrom(next.handle()));
    } catch (error) {
      if (error instanceof StoredReply) return error.bytes;
      throw error;
    }
    if (!written.reply) return encode(result);
    // What a retry will be given must be what this attempt answered.
    if (written.reply.result !== result) {
      throw new Error(`${contract.subject}: a command returns what its unit of work returned`);
    }
    return written.reply.bytes;
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

  /** The request's center; refuses a tenant-scoped call without one, or for a center not served here. */
  private tenantOf(contract: RpcContract, request: RequestContext): string {
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
