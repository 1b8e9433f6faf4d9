import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { common, TenancyErrors } from '@tf/contracts';
import { headers as natsHeaders } from 'nats';
import { DomainError } from '@tf/core';
import { toErrorMessage } from '../errors/error-codec';
import {
  ProtoReplyDeserializer,
  ProtoReplySerializer,
  ProtoRequestDeserializer,
  ProtoRequestSerializer,
} from './proto-serializers';

/** The typed error a reply carried; fails the test when it carried none. */
function errOf(reply: ReturnType<ProtoReplyDeserializer['deserialize']>): common.Error {
  if (!('err' in reply) || !reply.err) throw new Error('expected the reply to carry an error');
  return reply.err;
}

const payload = new Uint8Array([0x0a, 0x05, 0x6a, 0x69, 0x6e, 0x61, 0x6e, 0x00, 0xff]);

describe('the protobuf envelope on the request side', () => {
  it('carries the packet id and the payload bytes unchanged from client to server', () => {
    const headers = natsHeaders();
    headers.set('tf-tenant', 'jinan');
    const out = new ProtoRequestSerializer().serialize({
      id: 'packet-1',
      data: { data: payload, headers },
    });
    expect(out.headers).toBe(headers);
    expect(out.data).toBeInstanceOf(Uint8Array);

    const incoming = new ProtoRequestDeserializer().deserialize(out.data, {
      channel: 'tf.tenancy.enterprise.get',
    });
    expect(incoming).toEqual({
      pattern: 'tf.tenancy.enterprise.get',
      id: 'packet-1',
      data: payload,
    });
  });

  it('keeps an empty payload empty (a request message with all default fields)', () => {
    const out = new ProtoRequestSerializer().serialize({
      id: 'packet-2',
      data: { data: new Uint8Array() },
    });
    expect(out.headers).toBeUndefined();
    const incoming = new ProtoRequestDeserializer().deserialize(out.data, { channel: 's' });
    expect(incoming.id).toBe('packet-2');
    expect(Array.from(incoming.data)).toEqual([]);
  });
});

describe('the protobuf envelope on the reply side', () => {
  const serializer = new ProtoReplySerializer();
  const deserializer = new ProtoReplyDeserializer();

  it('carries a reply payload back as the response bytes, disposed', () => {
    const out = serializer.serialize({
      id: 'packet-3',
      response: { payload, headers: { 'tf-request-id': 'req-3' } },
      isDisposed: true,
    });
    expect(deserializer.deserialize(out.data)).toEqual({
      id: 'packet-3',
      response: payload,
      isDisposed: true,
    });
    expect(out.headers.get('tf-request-id')).toBe('req-3');
  });

  it("carries a handler's typed error back as err, a tf.common.v1.Error with its status", () => {
    const error = toErrorMessage(
      new DomainError(TenancyErrors.ENTERPRISE_NOT_FOUND, 'enterprise x was not found', {
        fields: [{ field: 'id', message: 'unknown' }],
      }),
    );
    const out = serializer.serialize({
      id: 'packet-4',
      response: { error, headers: { 'tf-request-id': 'req-4' } },
    });
    const back = deserializer.deserialize(out.data);
    expect(back.id).toBe('packet-4');
    expect(back.isDisposed).toBe(true);
    expect('response' in back).toBe(false);
    const err = errOf(back);
    expect(err.$typeName).toBe('tf.common.v1.Error');
    expect(err.code).toBe('ENTERPRISE_NOT_FOUND');
    expect(err.status).toBe(404);
    expect(err.detail).toBe('enterprise x was not found');
    expect(err.errors.map(({ field, message }) => ({ field, message }))).toEqual([
      { field: 'id', message: 'unknown' },
    ]);
    expect(out.headers.get('tf-request-id')).toBe('req-4');
  });

  it("turns Nest's no-handler reply into a 503 NO_HANDLER error", () => {
    const out = serializer.serialize({ id: 'packet-5', err: NO_MESSAGE_HANDLER });
    const back = deserializer.deserialize(out.data);
    const err = errOf(back);
    expect(back.id).toBe('packet-5');
    expect(back.isDisposed).toBe(true);
    expect([err.code, err.status, err.detail]).toEqual([
      'NO_HANDLER',
      503,
      'No service handles this operation',
    ]);
    expect(out.headers.has('tf-request-id')).toBe(false);
  });

  it('turns any other transport err into a 500 INTERNAL that hides its message', () => {
    const out = serializer.serialize({ id: 'packet-6', err: new Error('secret stack detail') });
    const back = deserializer.deserialize(out.data);
    const err = errOf(back);
    expect([err.code, err.status, err.detail]).toEqual([
      'INTERNAL',
      500,
      'An unexpected error occurred',
    ]);
  });

  it('never produces an empty reply (Nest would read it as "no response")', () => {
    const out = serializer.serialize({ id: '', isDisposed: true });
    expect(out.data.length).toBeGreaterThan(0);
    expect(fromBinary(common.ReplyEnvelopeSchema, out.data).disposed).toBe(true);
    expect(deserializer.deserialize(out.data)).toEqual({
      id: '',
      response: new Uint8Array(),
      isDisposed: true,
    });
  });

  it('reads a reply envelope written by hand, so both ends agree on the schema', () => {
    const error = create(common.ErrorSchema, { code: 'TENANT_REQUIRED', status: 400 });
    const bytes = toBinary(
      common.ReplyEnvelopeSchema,
      create(common.ReplyEnvelopeSchema, { id: 'packet-7', error, disposed: true }),
    );
    const back = deserializer.deserialize(bytes);
    const err = errOf(back);
    expect([back.id, err.code, err.status]).toEqual(['packet-7', 'TENANT_REQUIRED', 400]);
  });
});
