import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { common, EVENTS_STREAM, EVENTS_SUBJECT_ROOT, type EventContract } from '@tf/contracts';
import { type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { Sql } from '../database/sql';
import type { TenantDatabase, TenantWrites } from '../database/tenant-database';
import { logFields } from '../context/request-context';
import { withLazyLog } from '../logging/lazy-log';
import type { EventOutcome, PlatformMetrics } from '../health/platform-metrics';
import { failpoint } from '../runtime/failpoints';
import { DeadLetterStore, failureRecord } from './dead-letters';
import { ensureConsumer } from './jetstream';

export const ON_EVENT = Symbol('tf:on-event');
export const ON_EVENT_WHEN = Symbol('tf:on-event-when');

/**
 * What an event handler gets: the writes of the event's center, in the transaction that also
 * records the event as processed (so a redelivery changes nothing).
 */
export interface EventContext extends TenantWrites {
  eventId: string;
  occurredAt: string;
  /** The service's logger, its lines carrying the event's request id, center, consumer and id. */
  readonly log: Logger;
}

/**
 * Marks a provider method as the handler of a domain event. The method runs inside the event's
 * tenant transaction, together with the inbox row that records the event as processed, so a
 * redelivery changes nothing: (payload, ctx) => Promise<void>.
 */
export const OnEvent = <P extends DescMessage>(
  contract: EventContract<P>,
  options: {
    /**
     * Which events concern the handler (a loan event with a guarantee, for the guarantee
     * service). The others are acknowledged without a transaction or an inbox row: a handler that
     * would change nothing for them needs no record that it did not.
     */
    when?: (payload: MessageShape<P>) => boolean;
  } = {},
) =>
  applyDecorators(
    SetMetadata(ON_EVENT, contract),
    ...(options.when ? [SetMetadata(ON_EVENT_WHEN, options.when)] : []),
  );

export interface EventSubscription<P extends DescMessage = DescMessage> {
  contract: EventContract<P>;
  handle: (payload: MessageShape<P>, ctx: EventContext) => Promise<void>;
  /** Whether any handler is concerned with the event; absent: every event concerns one. */
  concerns?: (payload: MessageShape<P>) => boolean;
}

/** How an inbox consumer retries a failing handler, and gives up on it. */
export interface InboxRetries {
  /** Deliveries that fail before the event is parked as a dead letter (EVENT_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** The first redelivery's wait, doubled at each failure up to 30 s (EVENT_RETRY_BACKOFF_MS). */
  backoffMs?: number;
  /**
   * How long JetStream waits for an acknowledgement before delivering again (EVENT_ACK_WAIT_MS):
   * when a consumer died after its commit and before its ack, the event comes again after this.
   */
  ackWaitMs?: number;
  /** Where tf_events_dead_lettered_total and tf_event_handling_duration_seconds are counted. */
  metrics?: PlatformMetrics;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_ACK_WAIT_MS = 30_000;
const DEFAULT_BACKOFF_MS = 500;
/**
 * Events of one center handled in one transaction, at most: a consumer's backlog (what JetStream
 * has already delivered while the last ones were handled) is taken together, so a burst costs one
 * commit per center and batch rather than one per event. An idle consumer handles each alone.
 */
export const INBOX_BATCH = 32;
const MAX_BACKOFF_MS = 30_000;
/**
 * Deliveries past the last attempt in which parking itself may fail (the database is down) and be
 * tried again, every 30 s: about an hour. JetStream's max_deliver is the attempts plus these, so
 * it stays bounded, and an event is dropped unparked only after that (each try is logged).
 */
const PARKING_ATTEMPTS = 120;
/** First failures remembered, for a dead letter's first_failed_at (the oldest forgotten first). */
const FIRST_FAILURES_KEPT = 10_000;

/**
 * The durable consumer of a service's handlers of one event type, and the events it takes. The
 * deployment's NATS permissions (tools/deploy) grant each service exactly these consumers.
 * Dedicated deployments sharing one NATS must not share a durable consumer: the centers are in
 * its name.
 */
export function inboxConsumerOf(
  service: string,
  contract: Pick<EventContract, 'service' | 'type'>,
  servedTenants: string[] | null,
): { durable: string; filterSubject: string } {
  const scope = servedTenants ? `__${servedTenants.join('-')}` : '';
  const tenant = servedTenants?.length === 1 ? servedTenants[0] : '*';
  return {
    durable: `${service}__${contract.service}_${contract.type}${scope}`,
    filterSubject: `${EVENTS_SUBJECT_ROOT}.${tenant}.${contract.service}.${contract.type}`,
  };
}

/** A delivery's envelope and payload, when it concerns this consumer. */
interface Decoded {
  envelope: common.EventEnvelope;
  payload: MessageShape<DescMessage>;
}

/**
 * One durable pull consumer per (service, event type), explicit ack after the transaction commits.
 * What is already delivered is handled together, one transaction per center (INBOX_BATCH). If
 * any of them fails, the lot is rolled back and comes again at once, each event on its own (a
 * redelivery is never batched), so one failing event never undoes the others for long, and a
 * handler runs once per delivery.
 * A handler that throws rolls its transaction back (no inbox row) and the message is redelivered
 * after a growing wait; when the JetStream delivery count reaches maxAttempts and it fails again,
 * the event is parked in `<schema>.dead_letters` with its error (its own transaction) and
 * terminated, so it stops coming back while the others flow. Ops staff list and replay it
 * (DeadLetterOps).
 */
export class InboxConsumer {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  /** Received and not yet handled, and the drain handling them (when one runs). */
  private readonly ready: JsMsg[] = [];
  private draining: Promise<void> | undefined;
  private readonly deadLetters: DeadLetterStore;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  /**
   * When each failing message (by stream sequence) first failed in this process; after a restart,
   * a letter's first_failed_at is the first failure the new process saw.
   */
  private readonly firstFailures = new Map<number, Date>();

  constructor(
    private readonly service: string,
    private readonly subscription: EventSubscription,
    private readonly db: TenantDatabase,
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
    /** Dedicated mode: only these centers' events are this deployment's business. */
    private readonly servedTenants: string[] | null = null,
    private readonly retries: InboxRetries = {},
  ) {
    this.deadLetters = new DeadLetterStore(db, service);
    this.maxAttempts = retries.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.backoffMs = retries.backoffMs ?? DEFAULT_BACKOFF_MS;
  }

  /** `<source service>.<event type>`: how dead letters and their metric name the event. */
  get eventType(): string {
    const { contract } = this.subscription;
    return `${contract.service}.${contract.type}`;
  }

  get durableName(): string {
    return inboxConsumerOf(this.service, this.subscription.contract, this.servedTenants).durable;
  }

  private get filterSubject(): string {
    return inboxConsumerOf(this.service, this.subscription.contract, this.servedTenants)
      .filterSubject;
  }

  async start(): Promise<void> {
    await ensureConsumer(this.nc, {
      durable: this.durableName,
      filterSubject: this.filterSubject,
      maxDeliver: this.maxAttempts + PARKING_ATTEMPTS,
      ackWaitMs: this.retries.ackWaitMs ?? DEFAULT_ACK_WAIT_MS,
    });
    const consumer = await this.nc.jetstream().consumers.get(EVENTS_STREAM, this.durableName);
    this.messages = await consumer.consume({ max_messages: INBOX_BATCH });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const message of messages) {
        this.ready.push(message);
        if (!this.draining) this.draining = this.drain();
        // Received ahead of handling, but never more than two batches.
        if (this.ready.length >= 2 * INBOX_BATCH) await this.draining;
      }
    })();
  }

  /**
   * Handles what has been received, a batch at a time, until nothing is waiting; one drain runs
   * at a time, so a consumer's events are handled in order, as they were one by one.
   */
  private async drain(): Promise<void> {
    try {
      while (this.ready.length > 0) await this.deliverAll(this.ready.splice(0, INBOX_BATCH));
    } finally {
      this.draining = undefined;
    }
  }

  /**
   * Deliveries taken together: per center, in the order they came, in one transaction; what does
   * not concern this consumer is acknowledged at once. A redelivery and what cannot be read are
   * delivered one by one (their own retries and dead letter); a center's lot whose transaction
   * failed is handed back to JetStream to come again at once, one by one.
   */
  private async deliverAll(batch: JsMsg[]): Promise<void> {
    const [only] = batch;
    if (batch.length === 1 && only) return this.deliver(only);
    const byCenter = new Map<string, { message: JsMsg; decoded: Decoded }[]>();
    const alone: JsMsg[] = [];
    for (const message of batch) {
      if (message.info.deliveryCount > 1) {
        alone.push(message);
        continue;
      }
      let decoded: Decoded | undefined;
      try {
        decoded = this.decode(message.data);
      } catch {
        alone.push(message);
        continue;
      }
      if (!decoded) {
        message.ack();
        continue;
      }
      const tenant = decoded.envelope.tenant;
      byCenter.set(tenant, [...(byCenter.get(tenant) ?? []), { message, decoded }]);
    }
    for (const [tenant, lot] of byCenter) {
      const started = performance.now();
      try {
        const events = lot.map(({ decoded }) => decoded);
        await this.db.transaction(tenant, (sql) => this.handleIn(sql, events));
        failpoint('inbox.after-commit');
      } catch (error) {
        this.logger.warn(
          { err: error, consumer: this.durableName, events: lot.length },
          'a batch of events failed and was rolled back; each comes again on its own',
        );
        for (const { message } of lot) message.nak();
        this.handled('retried', started, lot.length);
        continue;
      }
      for (const { message } of lot) {
        this.firstFailures.delete(message.seq);
        message.ack();
      }
      this.handled('ok', started, lot.length);
    }
    for (const message of alone.sort((a, b) => a.seq - b.seq)) await this.deliver(message);
  }

  /** One delivery: handled and acknowledged, or failed and retried later, or parked. */
  private async deliver(message: JsMsg): Promise<void> {
    const started = performance.now();
    try {
      await this.process(message.data);
      failpoint('inbox.after-commit');
      this.firstFailures.delete(message.seq);
      message.ack();
      this.handled('ok', started, 1);
    } catch (error) {
      this.handled(await this.failed(message, error), started, 1);
    }
  }

  /** Counts deliveries that ended one way, sharing the time since `started` among them. */
  private handled(outcome: EventOutcome, started: number, events: number): void {
    const metrics = this.retries.metrics;
    if (!metrics) return;
    const labels = { consumer: this.durableName, type: this.eventType, outcome };
    const seconds = (performance.now() - started) / 1000 / events;
    for (let i = 0; i < events; i++) metrics.eventHandling.observe(labels, seconds);
  }

  /** What became of a failed delivery: handed back to come again, or parked. */
  private async failed(message: JsMsg, error: unknown): Promise<EventOutcome> {
    const attempts = message.info.deliveryCount;
    const firstFailedAt = this.firstFailure(message.seq);
    const envelope = decodeEnvelope(message.data);
    const tenant = envelope?.tenant || (message.subject.split('.')[2] ?? '');
    if (attempts < this.maxAttempts) {
      this.logger.error(
        {
          err: error,
          requestId: envelope?.requestId || envelope?.id,
          tenant,
          consumer: this.durableName,
          eventId: envelope?.id,
          attempts,
          maxAttempts: this.maxAttempts,
        },
        'event handler failed; will redeliver',
      );
      message.nak(this.backoff(attempts));
      return 'retried';
    }
    const failure = failureRecord(error);
    // What the warn line says (the logger adds the service) and the letter records.
    const letter = {
      consumer: this.durableName,
      eventType: this.eventType,
      eventId: envelope?.id || null,
      tenant,
      attempts,
    };
    try {
      const id = await this.deadLetters.park(
        Object.assign({}, letter, failure, {
          subject: message.subject,
          envelope: message.data,
          firstFailedAt,
        }),
      );
      message.term();
      this.firstFailures.delete(message.seq);
      this.retries.metrics?.deadLettered.inc({ type: this.eventType });
      this.logger.warn(
        Object.assign({}, letter, { deadLetter: id, error: failure.error }),
        `event parked as a dead letter after ${attempts} failed attempts`,
      );
      return 'dead_lettered';
    } catch (parkError) {
      const last = attempts >= this.maxAttempts + PARKING_ATTEMPTS;
      this.logger.error(
        Object.assign({}, letter, { err: parkError, error: failure.error }),
        last
          ? 'parking a failed event failed at its last delivery; JetStream drops it'
          : 'parking a failed event failed; will redeliver',
      );
      message.nak(this.backoff(attempts));
      return 'retried';
    }
  }

  /** The wait before the next delivery: backoffMs, doubled at each failure, at most 30 s. */
  private backoff(attempts: number): number {
    return Math.min(MAX_BACKOFF_MS, this.backoffMs * 2 ** Math.min(20, attempts - 1));
  }

  private firstFailure(seq: number): Date {
    const known = this.firstFailures.get(seq);
    if (known) return known;
    if (this.firstFailures.size >= FIRST_FAILURES_KEPT) {
      const oldest = this.firstFailures.keys().next().value;
      if (oldest !== undefined) this.firstFailures.delete(oldest);
    }
    const now = new Date();
    this.firstFailures.set(seq, now);
    return now;
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    await this.draining;
  }

  /** Exposed for tests: processes one envelope exactly as a delivery would. Returns false for a duplicate. */
  async process(data: Uint8Array): Promise<boolean> {
    const decoded = this.decode(data);
    if (!decoded) return false;
    const handled = await this.db.transaction(decoded.envelope.tenant, (sql) =>
      this.handleIn(sql, [decoded]),
    );
    return handled > 0;
  }

  /**
   * The envelope and payload, or undefined when the event is none of this consumer's business:
   * another center's on a shared stream, or one no handler is concerned with. Throws when the
   * bytes are not the event.
   */
  private decode(data: Uint8Array): Decoded | undefined {
    const envelope = fromBinary(common.EventEnvelopeSchema, data);
    if (this.servedTenants && !this.servedTenants.includes(envelope.tenant)) return undefined;
    const payload = fromBinary(this.subscription.contract.payload, envelope.payload);
    if (this.subscription.concerns && !this.subscription.concerns(payload)) return undefined;
    return { envelope, payload };
  }

  /**
   * One center's events in its transaction: their inbox rows in one statement, then the
   * handlers of those not handled before, in the order they came. Returns how many were new.
   */
  private async handleIn(sql: Sql, lot: Decoded[]): Promise<number> {
    const tenant = lot[0]?.envelope.tenant ?? '';
    const inserted: { event_id: string }[] = await sql.query(
      `INSERT INTO ${this.db.schema}.inbox (consumer, event_id, tenant_id)
       SELECT $1, event_id, $3 FROM unnest($2::uuid[]) AS event_id
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.durableName, lot.map(({ envelope }) => envelope.id), tenant],
      { prepared: true },
    );
    // PostgreSQL answers uuids in lower case; delete: an event that came twice is handled once.
    const fresh = new Set(inserted.map((row) => row.event_id));
    for (const decoded of lot) {
      if (fresh.delete(decoded.envelope.id.toLowerCase())) await this.handleOne(sql, decoded);
    }
    return inserted.length;
  }

  /** One new event's handler, with its context. */
  private async handleOne(sql: Sql, { envelope, payload }: Decoded): Promise<void> {
    const ctx = {
      requestId: envelope.requestId || envelope.id,
      tenant: envelope.tenant,
      actor: { kind: 'system' as const, id: this.durableName },
    };
    // The logger is made on the handler's first line: most events log nothing.
    const eventCtx = withLazyLog<EventContext>(
      Object.assign({}, this.db.tenantWrites(sql, ctx), {
        eventId: envelope.id,
        occurredAt: envelope.occurredAt,
      }),
      () =>
        this.logger.child(
          Object.assign({}, logFields(ctx), {
            consumer: this.durableName,
            eventType: this.eventType,
            eventId: envelope.id,
          }),
        ),
    );
    await this.subscription.handle(payload, eventCtx);
  }
}

/** The envelope, if it can be read at all (a parked event is named by it when it can). */
function decodeEnvelope(data: Uint8Array): common.EventEnvelope | undefined {
  try {
    return fromBinary(common.EventEnvelopeSchema, data);
  } catch {
    return undefined;
  }
}
