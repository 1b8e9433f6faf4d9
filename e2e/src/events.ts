import { create, toBinary, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { common, eventSubject, type EventContract } from '@tf/contracts';
import { newId } from '@tf/platform';
import { connect } from 'nats';

/**
 * Publishes domain events as a service that has not landed yet would (credit, trading), on the
 * network's JetStream. An event with an `id` of one published before is a redelivery: JetStream
 * stores it again (its own message id is fresh), and the consumers' inboxes must skip it.
 */
export async function publishEvents<P extends DescMessage>(
  natsUrl: string,
  tenant: string,
  contract: EventContract<P>,
  events: { payload: MessageInitShape<P>; id?: string }[],
): Promise<string[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    const js = nc.jetstream();
    const ids: string[] = [];
    for (const event of events) {
      const id = event.id ?? newId();
      const envelope = create(common.EventEnvelopeSchema, {
        id,
        type: contract.type,
        tenant,
        source: contract.service,
        occurredAt: new Date().toISOString(),
        requestId: id,
        payload: toBinary(contract.payload, create(contract.payload, event.payload)),
      });
      await js.publish(
        eventSubject(tenant, contract),
        toBinary(common.EventEnvelopeSchema, envelope),
        {
          msgID: newId(),
        },
      );
      ids.push(id);
    }
    return ids;
  } finally {
    await nc.close();
  }
}

/**
 * Asks until `ready` holds of the answer (events are handled asynchronously), every 100 ms until
 * the deadline (5 s unless `withinMs` says otherwise: a chain of several services' events may
 * take longer). Returns the last answer either way, for the caller's expectation to show it.
 */
export async function eventually<T>(
  ask: () => Promise<T>,
  ready: (answer: T) => boolean,
  withinMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  let answer = await ask();
  while (!ready(answer) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    answer = await ask();
  }
  return answer;
}
