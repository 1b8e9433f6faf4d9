import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { ConsumerDeserializer, ProducerDeserializer, Serializer } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { common } from '@tf/contracts';
import { headers as natsHeaders, type MsgHdrs } from 'nats';
import { CommonErrors, DomainError } from '@tf/core';
import { toErrorMessage } from '../errors/error-codec';

/**
 * The four halves of Nest's NATS transport, speaking protobuf instead of JSON. Each typed message
 * is already bytes when it reaches them (see ServiceClient and RpcInterceptor); they only wrap it
 * in the envelope that carries Nest's packet id and, on the way back, a typed error.
 */

/** What a handler's interceptor hands to the transport. */
export type ReplyBody =
  | { payload: Uint8Array; headers?: Record<string, string> }
  | { error: common.Error; headers?: Record<string, string> };

interface OutgoingRecord {
  data: Uint8Array;
  headers?: MsgHdrs;
}

/** Client side, outgoing: { id, pattern, data: NatsRecord(bytes, headers) } → RequestEnvelope. */
export class ProtoRequestSerializer implements Serializer {
  serialize(packet: { id: string; data: OutgoingRecord }): { data: Uint8Array; headers?: MsgHdrs } {
    const envelope = create(common.RequestEnvelopeSchema, {
      id: packet.id,
      payload: packet.data.data,
    });
    return { data: toBinary(common.RequestEnvelopeSchema, envelope), headers: packet.data.headers };
  }
}

/** Server side, incoming: RequestEnvelope → { pattern, id, data: payload bytes }. */
export class ProtoRequestDeserializer implements ConsumerDeserializer {
  deserialize(value: Uint8Array, options?: { channel?: string }) {
    const envelope = fromBinary(common.RequestEnvelopeSchema, value);
    return { pattern: options?.channel, id: envelope.id, data: envelope.payload };
  }
}

/** Server side, outgoing: Nest's { id, response | err, isDisposed } → ReplyEnvelope. */
export class ProtoReplySerializer implements Serializer {
  serialize(packet: { id: string; response?: ReplyBody; err?: unknown; isDisposed?: boolean }) {
    const body = packet.response;
    const envelope = create(common.ReplyEnvelopeSchema, { id: packet.id, disposed: true });
    if (packet.err !== undefined) {
      // Only reached when no handler matched (our interceptor turns handler failures into bodies).
      envelope.error =
        packet.err === NO_MESSAGE_HANDLER
          ? toErrorMessage(
              new DomainError(CommonErrors.NO_HANDLER, 'No service handles this operation'),
            )
          : toErrorMessage(packet.err);
    } else if (body && 'error' in body) {
      envelope.error = body.error;
    } else if (body) {
      envelope.payload = body.payload;
    }
    const headers = natsHeaders();
    for (const [name, value] of Object.entries(body?.headers ?? {})) headers.set(name, value);
    return { data: toBinary(common.ReplyEnvelopeSchema, envelope), headers };
  }
}

/** Client side, incoming: ReplyEnvelope → { id, response: payload bytes } or { id, err: Error }. */
export class ProtoReplyDeserializer implements ProducerDeserializer {
  deserialize(value: Uint8Array) {
    const envelope = fromBinary(common.ReplyEnvelopeSchema, value);
    if (envelope.error) {
      return { id: envelope.id, err: envelope.error, isDisposed: true };
    }
    return { id: envelope.id, response: envelope.payload, isDisposed: true };
  }
}
