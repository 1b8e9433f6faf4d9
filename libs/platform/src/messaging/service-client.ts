import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import type { RpcContract } from '@tf/contracts';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import { PlatformConfig } from '../config/platform.config';
import { contextToHeaders } from '../context/nats-headers';
import type { RequestContext } from '../context/request-context';
import { CommonErrors, DomainError } from '@tf/core';
import { fromErrorMessage } from '../errors/error-codec';
import { ProtoReplyDeserializer, ProtoRequestSerializer } from './proto-serializers';

/**
 * Calls other services over NATS request-reply: typed by the contract, context in the headers,
 * and bounded in time. A service that does not answer (no responders, or too slow) is a 503
 * DomainError, never a hang; an error the service returned is rethrown as the DomainError it was.
 */
@Injectable()
export class ServiceClient implements OnApplicationShutdown {
  private readonly client: ClientNats;
  private readonly timeoutMs: number;

  constructor(@Inject(PlatformConfig) config: PlatformConfig) {
    this.timeoutMs = config.NATS_REQUEST_TIMEOUT_MS;
    this.client = new ClientNats({
      servers: config.natsServers,
      name: `${config.SERVICE_NAME}-client`,
      serializer: new ProtoRequestSerializer(),
      deserializer: new ProtoReplyDeserializer(),
      // Keep trying in the background; callers meanwhile get 503 instead of waiting.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    });
  }

  async request<Req extends DescMessage, Res extends DescMessage>(
    contract: RpcContract<Req, Res>,
    message: MessageInitShape<Req>,
    ctx: RequestContext,
  ): Promise<MessageShape<Res>> {
    const bytes = toBinary(contract.request, create(contract.request, message));
    // The client's Idempotency-Key goes with commands only: a query has nothing to repeat.
    const headers = contextToHeaders(
      contract.kind === 'command' ? ctx : { ...ctx, idempotencyKey: undefined },
    );
    const record = new NatsRecordBuilder(bytes).setHeaders(headers).build();
    let reply: Uint8Array;
    try {
      reply = await firstValueFrom(
        this.client.send<Uint8Array>(contract.subject, record).pipe(timeout(this.timeoutMs)),
      );
    } catch (error) {
      throw this.translate(error, contract.subject);
    }
    return fromBinary(contract.response, reply);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  private translate(error: unknown, subject: string): Error {
    if (error instanceof DomainError) return error;
    if (error instanceof TimeoutError) {
      return new DomainError(
        CommonErrors.DEPENDENCY_TIMEOUT,
        `${serviceOf(subject)} did not answer within ${this.timeoutMs} ms`,
      );
    }
    if (error instanceof EmptyResponseException) {
      return new DomainError(
        CommonErrors.DEPENDENCY_UNAVAILABLE,
        `${serviceOf(subject)} is not available (no responders)`,
      );
    }
    if (isErrorMessage(error)) return fromErrorMessage(error);
    // Connection refused, closed, and the like: the dependency is down.
    return new DomainError(
      CommonErrors.DEPENDENCY_UNAVAILABLE,
      `${serviceOf(subject)} is not reachable: ${describe(error)}`,
    );
  }
}

function serviceOf(subject: string): string {
  return `the ${subject.split('.')[1] ?? 'remote'} service`;
}

function isErrorMessage(value: unknown): value is Parameters<typeof fromErrorMessage>[0] {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $typeName?: string }).$typeName === 'tf.common.v1.Error'
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
