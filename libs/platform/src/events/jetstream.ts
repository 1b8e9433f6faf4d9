import { EVENTS_STREAM, EVENTS_SUBJECT_ROOT } from '@tf/contracts';
import { nanos, type NatsConnection, RetentionPolicy, StorageType } from 'nats';

/** Creates the TF_EVENTS stream if it is missing (every service may be first to start). */
export async function ensureEventStream(nc: NatsConnection): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(EVENTS_STREAM);
  } catch {
    try {
      await jsm.streams.add({
        name: EVENTS_STREAM,
        subjects: [`${EVENTS_SUBJECT_ROOT}.>`],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        max_age: nanos(30 * 24 * 3600 * 1000),
        // Publish de-duplication by Nats-Msg-Id (= event id) covers relay retries within this window.
        duplicate_window: nanos(10 * 60 * 1000),
      });
    } catch (error) {
      // Another replica created it between our look and our add.
      await jsm.streams.info(EVENTS_STREAM).catch(() => {
        throw error;
      });
    }
  }
}
