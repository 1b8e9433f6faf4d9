import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
} from '@bufbuild/protobuf';
import {
  Inject,
  Injectable,
  SetMetadata,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { common, type RpcContract } from '@tf/contracts';
import { CommonErrors, DomainError, invalidInput, newId, notFound } from '@tf/core';
import { trace, type Tracer } from '@opentelemetry/api';
import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from 'nats';
import type { Logger } from 'pino';
import { PlatformConfig } from '../config/platform.config';
import { contextFromHeaders, HEADER } from '../context/nats-headers';
import { idempotencyClientOf, logFields, type RequestContext } from '../context/request-context';
import { TenantDatabase } from '../database/tenant-database';
import { toErrorMessage } from '../errors/error-codec';
import { NATS_CONNECTION } from '../events/events.tokens';
import { PlatformMetrics } from '../health/platform-metrics';
import { LOGGER } from '../logging/logger.token';
import {
  contextFromNatsHeaders,
  inSpan,
  SpanKind,
  SpanStatusCode,
  tracer,
} from '../tracing/tracing';
import {
  platformHandlerContext,
  StoredReply,
  tenantHandlerContext,
  type HandlerContext,
  type PlatformContext,
  type WrittenReply,
} from './handler-context';
import { commandFingerprint, type CommandKey } from './idempotent-commands';

const RPC_CONTRACT = Symbol('tf:rpc-contract');
/** Room left under max_payload for the reply's headers. */
const REPLY_HEADROOM_BYTES = 4096;

/**
 * Declares a method as the NATS handler of a contract: it is called with the decoded request and
 * its context (a HandlerContext, or a PlatformContext for a platform-level contract) and returns
 * the reply message or throws a DomainError. Services declare them through `rpcHandlers`.
 */
export const RpcHandler = (contract: RpcContract) => SetMetadata(RPC_CONTRACT, contract);

/** The contract a method handles, if it is a handler. */
export function contractOf(method: object): RpcContract | undefined {
  return Reflect.getMetadata(RPC_CONTRACT, method) as RpcContract | undefined;
}

type Handler = (request: unknown, ctx: HandlerContext | PlatformContext) => Promise<unknown>;

/**
 * Serves the service's handlers on NATS, straight from the socket: one queue subscription per
 * contract (the queue group is the service's name, so replicas share the requests). Decoding, the
 * tenant checks, Idempotency-Keys, encoding, errors and metrics are done here once, so handlers
 * stay a line or two. The envelope is the one ServiceClient sends: the caller's id, the request's
 * bytes; the reply carries the id back with the reply's bytes or a typed error.
 */
@Injectable()
export class RpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly subscriptions: Subscription[] = [];
  private readonly tracer: Tracer | undefined;
  /** Requests taken and not yet answered, and who waits for them to reach none (shutdown). */
  private inFlight = 0;
  private idle: (() => void) | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly db: TenantDatabase,
    private readonly config: PlatformConfig,
    private readonly metrics: PlatformMetrics,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.tracer = tracer(config.SERVICE_NAME);
  }

  onApplicationBootstrap(): void {
    for (const { contract, handler } of this.handlers()) {
      this.subscriptions.push(
        this.nats.subscribe(contract.subject, {
          queue: this.config.SERVICE_NAME,
          callback: (error, message) => {
            if (error) this.logger.error({ err: error, subject: contract.subject }, 'NATS');
            else void this.answer(contract, handler, message);
          },
        }),
      );
    }
  }

  /**
   * New requests stop first: each subscription drains (the server stops sending; what it had
   * sent is still handled). Then the requests under way finish and are answered, before the
   * connection drains and the pool closes (the next shutdown phase).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.subscriptions.map((subscription) => subscription.drain().catch(() => undefined)),
    );
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
  }

  /** Requests being handled now (tests and shutdown). */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Every method declared with @RpcHandler, on every controller and provider of the service. */
  private handlers(): { contract: RpcContract; handler: Handler }[] {
    const found: { contract: RpcContract; handler: Handler }[] = [];
    const subjects = new Set<string>();
    for (const wrapper of [...this.discovery.getControllers(), ...this.discovery.getProviders()]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name] as Handler;
        const contract = typeof method === 'function' ? contractOf(method) : undefined;
        if (!contract) continue;
        if (subjects.has(contract.subject))
          throw new Error(`${contract.subject} has two handlers in ${this.config.SERVICE_NAME}`);
        subjects.add(contract.subject);
        found.push({ contract, handler: method.bind(instance) });
      }
    }
    return found;
  }

  private async answer(contract: RpcContract, handler: Handler, message: Msg): Promise<void> {
    this.inFlight++;
    try {
      await this.answerTraced(contract, handler, message);
    } finally {
      if (--this.inFlight === 0) this.idle?.();
    }
  }

  /** The request in a server span continuing the caller's trace, when tracing is on. */
  private answerTraced(contract: RpcContract, handler: Handler, message: Msg): Promise<void> {
    const t = this.tracer;
    if (!t) return this.answerOne(contract, handler, message);
    return inSpan(
      t,
      {
        name: contract.subject,
        kind: SpanKind.SERVER,
        attributes: { 'messaging.system': 'nats', 'messaging.destination.name': contract.subject },
      },
      contextFromNatsHeaders(message.headers),
      () => this.answerOne(contract, handler, message),
    );
  }

  private async answerOne(contract: RpcContract, handler: Handler, message: Msg): Promise<void> {
    const request = contextFromHeaders(message.headers, newId);
    const reply = create(common.ReplyEnvelopeSchema, { disposed: true });
    const stopTimer = this.metrics.rpcDuration.startTimer({ subject: contract.subject });
    try {
      const envelope = decodeEnvelope(message.data);
      reply.id = envelope.id;
      reply.payload = await this.handle(contract, handler, request, envelope.payload);
      stopTimer({ outcome: 'ok' });
    } catch (error) {
      reply.error = toErrorMessage(error);
      const about = { subject: contract.subject, ...logFields(request) };
      // A dependency down (503) is an operational condition, as at the gateway: no stack trace.
      if (reply.error.status === 503)
        this.logger.warn(Object.assign({}, about, { status: 503 }), reply.error.detail);
      else if (reply.error.status >= 500)
        this.logger.error({ err: error, ...about }, 'handler failed');
      stopTimer({ outcome: String(reply.error.status) });
      if (this.tracer) markSpan(reply.error.status);
    }
    const headers = natsHeaders();
    headers.set(HEADER.requestId, request.requestId);
    let bytes = toBinary(common.ReplyEnvelopeSchema, reply);
    // NATS refuses a message over the server's max_payload (1 MiB by default): a page of large
    // records could reach it. The caller is told to ask for less, instead of never hearing back.
    const limit = (this.nats.info?.max_payload ?? Infinity) - REPLY_HEADROOM_BYTES;
    if (bytes.length > limit) {
      this.logger.warn(
        { subject: contract.subject, bytes: bytes.length, limit, ...logFields(request) },
        'reply too large for NATS',
      );
      bytes = toBinary(
        common.ReplyEnvelopeSchema,
        create(common.ReplyEnvelopeSchema, {
          id: reply.id,
          disposed: true,
          error: toErrorMessage(
            new DomainError(
              CommonErrors.REPLY_TOO_LARGE,
              `the answer is ${bytes.length} bytes, more than the network carries (${limit}): ask for fewer items (a smaller limit)`,
            ),
          ),
        }),
      );
    }
    try {
      message.respond(bytes, { headers });
    } catch (error) {
      // A reply that cannot be sent must not take the service down; the caller times out.
      this.logger.error(
        { err: error, subject: contract.subject, ...logFields(request) },
        'reply not sent',
      );
    }
  }

  private async handle(
    contract: RpcContract,
    handler: Handler,
    request: RequestContext,
    payload: Uint8Array,
  ): Promise<Uint8Array> {
    const message = decodeRequest(contract, payload);
    const encode = (result: unknown) => encodeReply(contract, result);
    if (contract.scope === 'platform') {
      return encode(
        await handler(message, platformHandlerContext(this.db, contract, request, this.logger)),
      );
    }
    const tenant = this.tenantOf(contract, request);
    const command = commandKey(contract, Object.assign({}, request, { tenant }), payload);
    const written: { reply?: WrittenReply } = {};
    const ctx = tenantHandlerContext(
      this.db,
      contract,
      Object.assign({}, request, { tenant }),
      command,
      encode,
      written,
      this.logger,
    );
    let result: unknown;
    try {
      result = await handler(message, ctx);
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

/** The current (server) span's outcome: a 5xx is a failed request, a 4xx an answered one. */
function markSpan(status: number): void {
  const span = trace.getActiveSpan();
  span?.setAttribute('tf.outcome', String(status));
  if (status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
}

function decodeEnvelope(data: Uint8Array): common.RequestEnvelope {
  try {
    return fromBinary(common.RequestEnvelopeSchema, data);
  } catch {
    throw malformed(common.RequestEnvelopeSchema.typeName);
  }
}

function decodeRequest(contract: RpcContract, payload: Uint8Array): unknown {
  try {
    return fromBinary(contract.request, payload);
  } catch {
    throw malformed(contract.request.typeName);
  }
}

function malformed(typeName: string): DomainError {
  return invalidInput('body', `is not a valid ${typeName} message`, CommonErrors.MALFORMED_MESSAGE);
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
