import { fromBinary } from '@bufbuild/protobuf';
import { common, EVENTS_STREAM } from '@tf/contracts';
import { connect } from 'nats';
import type { Reply } from '../http-client';

/**
 * What a fault scenario counts, as docs/reliability.md reports it: requests sent, answered with
 * success, retried after a 503, and what the database and the stream show afterwards.
 */
export class Tally {
  sent = 0;
  succeeded = 0;
  retried = 0;
  /** Rows or messages found more than once where once was promised. */
  duplicates = 0;
  /** Work a client was told succeeded (or an event committed) that cannot be found. */
  lost = 0;
  /** The longest a 503 took to come back (ms): a request never hangs past the gateway's timeout. */
  longest503Ms = 0;
  /** Answers that were neither success nor a 503 worth retrying: each one fails the scenario. */
  readonly unexpected: string[] = [];

  constructor(readonly scenario: string) {}

  /**
   * Sends until the answer is not one to retry, as a partner bank's client does with its
   * Idempotency-Key (the caller sends the same key each time). Each retry follows a short pause.
   */
  async untilAnswered(send: () => Promise<Reply>, expected: number[]): Promise<Reply> {
    this.sent++;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const started = Date.now();
      const reply = await send();
      if (reply.status === 503)
        this.longest503Ms = Math.max(this.longest503Ms, Date.now() - started);
      if (!retryable(reply) || Date.now() > deadline) {
        if (expected.includes(reply.status)) this.succeeded++;
        else {
          this.unexpected.push(`${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
          throw new Error(`unexpected answer ${reply.status}: ${JSON.stringify(reply.body)}`);
        }
        return reply;
      }
      this.retried++;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }

  /** One line for the log and docs/reliability.md. */
  report(extra: Record<string, number | string> = {}): string {
    const counts = {
      sent: this.sent,
      succeeded: this.succeeded,
      retried: this.retried,
      duplicates: this.duplicates,
      lost: this.lost,
      longest503Ms: this.longest503Ms,
      ...extra,
    };
    const line = `[faults] ${this.scenario}: ${Object.entries(counts)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')}`;
    process.stdout.write(`${line}\n`);
    return line;
  }
}

/**
 * What API.md tells a client to retry: a 503, and a 409 for its own key still in flight (an
 * attempt the client gave up on, not yet settled or past its lease).
 */
function retryable(reply: Reply): boolean {
  return (
    reply.status === 503 ||
    (reply.status === 409 &&
      String((reply.body as { type?: string })?.type).endsWith('idempotency-key-in-flight'))
  );
}

/**
 * How many times each event id is stored in the events stream under `subjects` (read with an
 * ordered consumer, the whole stream from its start).
 */
export async function eventsOnStream(
  natsUrl: string,
  subjects: string,
): Promise<Map<string, number>> {
  const nc = await connect({ servers: natsUrl });
  try {
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(EVENTS_STREAM, { subjects_filter: subjects });
    const total = Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
    const counts = new Map<string, number>();
    if (total === 0) return counts;
    const consumer = await js.consumers.get(EVENTS_STREAM, { filterSubjects: subjects });
    let read = 0;
    while (read < total) {
      const batch = await consumer.fetch({ max_messages: total - read, expires: 5_000 });
      let got = 0;
      for await (const message of batch) {
        const { id } = fromBinary(common.EventEnvelopeSchema, message.data);
        counts.set(id, (counts.get(id) ?? 0) + 1);
        got++;
      }
      if (got === 0) throw new Error(`read ${read} of ${total} messages on ${subjects}`);
      read += got;
    }
    return counts;
  } finally {
    await nc.close();
  }
}
