import { EVENTS_STREAM, EVENTS_SUBJECT_ROOT } from '@tf/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  type ConsumerConfig,
  type NatsConnection,
  RetentionPolicy,
  StorageType,
} from 'nats';

/**
 * Creates the TF_EVENTS stream if it is missing (every service may be first to start), with
 * `replicas` copies (EVENTS_STREAM_REPLICAS: 3 on a 3-node cluster, so a node loss loses no event).
 * An existing stream is left as it is: a service has no permission to change it (docs/security.md).
 * `stream` names another stream of the same kind (the bench's baseline keeps its events apart).
 */
export async function ensureEventStream(
  nc: NatsConnection,
  replicas = 1,
  stream = { name: EVENTS_STREAM, subjectRoot: EVENTS_SUBJECT_ROOT },
): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(stream.name);
  } catch {
    try {
      await jsm.streams.add({
        name: stream.name,
        subjects: [`${stream.subjectRoot}.>`],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        num_replicas: replicas,
        max_age: nanos(30 * 24 * 3600 * 1000),
        // Publish de-duplication by Nats-Msg-Id (= event id) covers relay retries within this window.
        duplicate_window: nanos(10 * 60 * 1000),
      });
    } catch (error) {
      // Another replica created it between our look and our add.
      await jsm.streams.info(stream.name).catch(() => {
        throw error;
      });
    }
  }
}

/**
 * Creates an inbox's durable consumer, or brings an existing one to this configuration (its
 * max_deliver follows EVENT_MAX_ATTEMPTS). Servers before 2.10 update a durable on create; later
 * ones refuse a changed configuration on create and take it as an update.
 */
export async function ensureConsumer(
  nc: NatsConnection,
  consumer: { durable: string; filterSubject: string; maxDeliver: number; ackWaitMs: number },
): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const config: Partial<ConsumerConfig> = {
    durable_name: consumer.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: consumer.filterSubject,
    max_deliver: consumer.maxDeliver,
    ack_wait: nanos(consumer.ackWaitMs),
  };
  try {
    await jsm.consumers.add(EVENTS_STREAM, config);
  } catch (error) {
    await jsm.consumers
      .update(EVENTS_STREAM, consumer.durable, {
        max_deliver: consumer.maxDeliver,
        ack_wait: nanos(consumer.ackWaitMs),
      })
      .catch(() => {
        throw error;
      });
  }
}
