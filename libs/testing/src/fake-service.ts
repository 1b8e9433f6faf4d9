import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { common, type RpcContract } from '@tf/contracts';
import type { NatsConnection, Subscription } from 'nats';

/**
 * A stand-in for another service in a test: answers one contract's requests on NATS the way a
 * real handler would (the protobuf envelope, its id echoed), from `answer`, which may take
 * as long as the test wants. For faults a real service cannot be made to show: a stall, a crash.
 */
export function fakeService<Req extends DescMessage, Res extends DescMessage>(
  nc: NatsConnection,
  contract: RpcContract<Req, Res>,
  answer: (request: MessageShape<Req>) => Promise<MessageInitShape<Res>>,
): Subscription {
  return nc.subscribe(contract.subject, {
    callback: (error, message) => {
      if (error || !message.reply) return;
      const envelope = fromBinary(common.RequestEnvelopeSchema, message.data);
      const request = fromBinary(contract.request, envelope.payload);
      void answer(request).then((reply) => {
        const payload = toBinary(contract.response, create(contract.response, reply));
        message.respond(
          toBinary(
            common.ReplyEnvelopeSchema,
            create(common.ReplyEnvelopeSchema, { id: envelope.id, payload, disposed: true }),
          ),
        );
      });
    },
  });
}
