import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { common, EVENTS_STREAM, EVENTS_SUBJECT_ROOT, type EventContract } from '@tf/contracts';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { TenantDatabase, TenantWrites } from '../database/tenant-database';

export const ON_EVENT = Symbol('tf:on-event');
export const ON_EVENT_WHEN = Symbol('tf:on-event-when');

/**
 * What an event handler gets: the writes of the event's center, in the transaction that also
 * records the event as processed (so a redelivery changes nothing).
 */
export interface EventContext extends TenantWrites {
  eventId: string;
  occurredAt: string;
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

/** One durable pull consumer per (service, event type), explicit ack after the transaction commits. */
export class InboxConsumer {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly service: string,
    private readonly subscription: EventSubscription,
    private readonly db: TenantDatabase,
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
    /** Dedicated mode: only these centers' events are this deployment's business. */
    private readonly servedTenants: string[] | null = null,
  ) {}

  /** Dedicated deployments sharing one NATS must not share a durable consumer: the centers are in its name. */
  get durableName(): string {
    const { contract } = this.subscription;
    const scope = this.servedTenants ? `__${this.servedTenants.join('-')}` : '';
    return `${this.service}__${contract.service}_${contract.type}${scope}`;
  }

  private get filterSubject(): string {
    const { contract } = this.subscription;
    const tenant = this.servedTenants?.length === 1 ? this.servedTenants[0] : '*';
    return `${EVENTS_SUBJECT_ROOT}.${tenant}.${contract.service}.${contract.type}`;
  }

  async start(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await jsm.consumers.add(EVENTS_STREAM, {
      durable_name: this.durableName,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.filterSubject,
      max_deliver: 20,
      ack_wait: 30_000_000_000,
    });
    const consumer = await this.nc.jetstream().consumers.get(EVENTS_STREAM, this.durableName);
    this.messages = await consumer.consume({ max_messages: 32 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const message of messages) {
        try {
          await this.process(message.data);
          message.ack();
        } catch (error) {
          this.logger.error(
            { err: error, consumer: this.durableName, deliveries: message.info.redeliveryCount },
            'event handler failed; will redeliver',
          );
          message.nak(Math.min(30_000, 500 * 2 ** message.info.redeliveryCount));
        }
      }
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  /** Exposed for tests: processes one envelope exactly as a delivery would. Returns false for a duplicate. */
  async process(data: Uint8Array): Promise<boolean> {
    const envelope = fromBinary(common.EventEnvelopeSchema, data);
    // Another center's event on a shared stream: not ours, acknowledged and skipped.
    if (this.servedTenants && !this.servedTenants.includes(envelope.tenant)) return false;
    const payload = fromBinary(this.subscription.contract.payload, envelope.payload);
    if (this.subscription.concerns && !this.subscription.concerns(payload)) return false;
    const ctx = {
      requestId: envelope.requestId || envelope.id,
      tenant: envelope.tenant,
      actor: { kind: 'system' as const, id: this.durableName },
    };
    return this.db.transaction(envelope.tenant, async (sql) => {
      const inserted: unknown[] = await sql.query(
        `INSERT INTO ${this.db.schema}.inbox (consumer, event_id, tenant_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.durableName, envelope.id, envelope.tenant],
        { prepared: true },
      );
      if (inserted.length === 0) return false;
      await this.subscription.handle(payload, {
        ...this.db.tenantWrites(sql, ctx),
        eventId: envelope.id,
        occurredAt: envelope.occurredAt,
      });
      return true;
    });
  }
}
