import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type JsonObject,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { common, type RpcContract } from '@tf/contracts';
import { CommonErrors, DomainError } from '@tf/core';
import type { Tracer } from '@opentelemetry/api';
import type { NatsConnection } from 'nats';
import { PlatformConfig } from '../config/platform.config';
import { contextToHeaders } from '../context/nats-headers';
import type { RequestContext } from '../context/request-context';
import { fromErrorMessage } from '../errors/error-codec';
import { connectNats, natsInboxPrefix } from '../events/nats-connection';
import { NATS_CONNECTION } from '../events/events.tokens';
import { PlatformMetrics } from '../health/platform-metrics';
import { injectIntoNatsHeaders, SpanKind, SpanStatusCode, tracer } from '../tracing/tracing';
import { binaryJson } from './binary-json';
import { ReplyInbox, RequestFailed } from './reply-inbox';

/**
 * Calls other services over NATS request-reply: typed by the contract, context in the headers,
 * and bounded in time. A service that does not answer (no responders, or too slow) is a 503
 * DomainError, never a hang; an error the service returned is rethrown as the DomainError it was.
 * Inside a service it shares the service's NATS connection; made by hand (a test, a tool), it
 * opens its own on first use. Each request is timed by subject and outcome
 * (tf_rpc_client_duration_seconds) and, when tracing is on, is a client span whose traceparent
 * goes in the headers.
 */
@Injectable()
export class ServiceClient implements OnApplicationShutdown {
  private readonly timeoutMs: number;
  private connection: Promise<NatsConnection> | undefined;
  private inbox: ReplyInbox | undefined;
  private readonly owned: boolean;
  private readonly tracer: Tracer | undefined;

  constructor(
    @Inject(PlatformConfig) private readonly config: PlatformConfig,
    @Optional() @Inject(NATS_CONNECTION) shared?: NatsConnection,
    @Optional() private readonly metrics?: PlatformMetrics,
  ) {
    this.timeoutMs = config.NATS_REQUEST_TIMEOUT_MS;
    this.owned = !shared;
    this.connection = shared ? Promise.resolve(shared) : undefined;
    this.tracer = tracer(config.SERVICE_NAME);
  }

  async request<Req extends DescMessage, Res extends DescMessage>(
    contract: RpcContract<Req, Res>,
    message: MessageInitShape<Req>,
    ctx: RequestContext,
  ): Promise<MessageShape<Res>> {
    return fromBinary(contract.response, await this.exchange(contract, message, ctx));
  }

  /**
   * The reply as the API's JSON (`messageJson`), read straight from its bytes (`binaryJson`):
   * what the gateway answers with, without building the reply's messages first.
   */
  async requestJson<Req extends DescMessage, Res extends DescMessage>(
    contract: RpcContract<Req, Res>,
    message: MessageInitShape<Req>,
    ctx: RequestContext,
  ): Promise<JsonObject> {
    return binaryJson(contract.response, await this.exchange(contract, message, ctx));
  }

  /** The request sent, and the reply's payload; an error reply thrown as its DomainError. */
  private async exchange<Req extends DescMessage, Res extends DescMessage>(
    contract: RpcContract<Req, Res>,
    message: MessageInitShape<Req>,
    ctx: RequestContext,
  ): Promise<Uint8Array> {
    const envelope = create(common.RequestEnvelopeSchema, {
      payload: toBinary(contract.request, create(contract.request, message)),
    });
    // The client's Idempotency-Key goes with commands only: a query has nothing to repeat.
    const headers = contextToHeaders(
      contract.kind === 'command' ? ctx : Object.assign({}, ctx, { idempotencyKey: undefined }),
    );
    const subject = contract.subject;
    const span = this.tracer?.startSpan(subject, {
      kind: SpanKind.CLIENT,
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject },
    });
    if (span) injectIntoNatsHeaders(span, headers);
    const started = performance.now();
    let outcome = 'ok';
    try {
      let reply: common.ReplyEnvelope;
      try {
        const inbox = this.inbox ?? (await this.openInbox());
        const answer = await inbox.request(
          subject,
          toBinary(common.RequestEnvelopeSchema, envelope),
          { timeoutMs: contract.timeoutMs ?? this.timeoutMs, headers },
        );
        reply = fromBinary(common.ReplyEnvelopeSchema, answer.data);
      } catch (error) {
        outcome = noReplyOutcome(error);
        throw this.translate(error, subject, contract.timeoutMs ?? this.timeoutMs);
      }
      if (reply.error) {
        outcome = String(reply.error.status);
        throw fromErrorMessage(reply.error);
      }
      return reply.payload;
    } finally {
      this.metrics?.rpcClientDuration.observe(
        { subject, outcome },
        (performance.now() - started) / 1000,
      );
      if (span) {
        span.setAttribute('tf.outcome', outcome);
        // A 4xx is the caller's mistake, answered: not a failed call.
        if (outcome !== 'ok' && !(Number(outcome) < 500))
          span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        span.end();
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.inbox?.close();
    if (!this.owned || !this.connection) return;
    const nats = await this.connection.catch(() => undefined);
    await nats?.close();
  }

  private async openInbox(): Promise<ReplyInbox> {
    const nats = await this.nats();
    this.inbox ??= new ReplyInbox(nats, natsInboxPrefix(this.config.natsCredentials));
    return this.inbox;
  }

  private nats(): Promise<NatsConnection> {
    if (!this.connection) {
      this.connection = connectNats(
        this.config.natsServers,
        `${this.config.SERVICE_NAME}-client`,
        this.config.natsCredentials,
      );
      // A failed first connection is tried again by the next request, not cached.
      this.connection.catch(() => (this.connection = undefined));
    }
    return this.connection;
  }

  private translate(error: unknown, subject: string, timeoutMs: number): Error {
    if (error instanceof DomainError) return error;
    if (error instanceof RequestFailed && error.reason === 'timeout') {
      return new DomainError(
        CommonErrors.DEPENDENCY_TIMEOUT,
        `${serviceOf(subject)} did not answer within ${timeoutMs} ms`,
      );
    }
    if (error instanceof RequestFailed && error.reason === 'no-responders') {
      return new DomainError(
        CommonErrors.DEPENDENCY_UNAVAILABLE,
        `${serviceOf(subject)} is not available (no responders)`,
      );
    }
    // Connection refused, closed, and the like: the dependency is down.
    return new DomainError(
      CommonErrors.DEPENDENCY_UNAVAILABLE,
      `${serviceOf(subject)} is not reachable: ${describe(error)}`,
    );
  }
}

/** The metric's outcome for a request that got no reply. */
function noReplyOutcome(error: unknown): string {
  if (error instanceof RequestFailed) {
    return error.reason === 'no-responders' ? 'no_responders' : error.reason;
  }
  return 'unreachable';
}

function serviceOf(subject: string): string {
  return `the ${subject.split('.')[1] ?? 'remote'} service`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
