import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EventContract } from '@tf/contracts';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PlatformConfig } from './config/platform.config';
import { migrateSchema, type MigrationClass } from './database/migrations';
import { assertRuntimeLogin } from './database/roles';
import { TenantDatabase } from './database/tenant-database';
import { DeadLetterOps, DeadLetterStore, deadLetterHandlers } from './events/dead-letters';
import { ON_EVENT, ON_EVENT_WHEN, InboxConsumer, type EventSubscription } from './events/inbox';
import { ensureEventStream } from './events/jetstream';
import { BacklogGauges } from './health/backlog-gauges';
import { connectNats } from './events/nats-connection';
import { NATS_CONNECTION } from './events/events.tokens';
import { OutboxRelay } from './events/outbox-relay';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { ManagementServer } from './health/management-server';
import { PlatformMetrics } from './health/platform-metrics';
import { createLogger } from './logging/logger';
import { LOGGER } from './logging/logger.token';
import { COMMAND_REPLY_RETENTION_HOURS } from './messaging/idempotent-commands';
import { RpcServer } from './messaging/rpc-handler';
import { ServiceClient } from './messaging/service-client';
import {
  policyHandlers,
  PolicyStore,
  policyTableMigration,
  type ServicePolicy,
} from './policy/service-policy';
import { TenancyClient } from './tenancy/tenancy-client';
import { Clock } from './time/clock';
import { databasePoolOptions } from './database/pool';
import { everyHour } from './runtime/every-hour';

export interface ServiceModuleDefinition {
  config: PlatformConfig;
  /** The PostgreSQL schema the service owns, e.g. "tenancy". */
  schema: string;
  entities: NonNullable<ConstructorParameters<typeof DataSource>[0]['entities']>;
  migrations: MigrationClass[];
  /** The service's section of the centers' policy, if it owns one (stored, served and seeded here). */
  policy?: ServicePolicy;
}

/**
 * Everything a service stands on, in one import: validated config, pino logger, metrics, the
 * runtime connection pool (after migrating the schema as the owner), NATS and JetStream, the
 * outbox relay, the inbox consumers of every @OnEvent handler (and their dead letters, listed and
 * replayed on tf.<service>.dead-letter.*), the RPC interceptor and a typed client for other
 * services, /health/live on the service's port, and readiness and metrics on its management port.
 */
@Module({})
export class PlatformModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private relay: OutboxRelay | undefined;
  private consumers: InboxConsumer[] = [];
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: PlatformConfig,
    private readonly db: TenantDatabase,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly metrics: PlatformMetrics,
    private readonly deadLetters: DeadLetterOps,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  static forService(definition: ServiceModuleDefinition): DynamicModule {
    const { config, policy } = definition;
    const logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
    const migrations = policy
      ? [policyTableMigration(definition.schema), ...definition.migrations]
      : definition.migrations;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        DiscoveryModule,
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            type: 'postgres' as const,
            url: config.DATABASE_URL,
            schema: definition.schema,
            entities: definition.entities,
            synchronize: false,
            migrationsRun: false,
            extra: databasePoolOptions,
            applicationName: config.SERVICE_NAME,
            // Query errors surface as DomainErrors or logged 500s; TypeORM's console copy is noise.
            logging: false,
            // Fail fast: `npm start` and Kubernetes restart us, and a 27 s retry loop hides the cause.
            retryAttempts: 0,
          }),
          dataSourceFactory: async (options) => {
            const applied = await migrateSchema({
              ownerUrl: config.DATABASE_MIGRATION_URL,
              schema: definition.schema,
              migrations,
            });
            if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
            if (!options) throw new Error('TypeORM gave no data source options');
            const runtime = await new DataSource(options).initialize();
            // Its own schema only, and under row-level security: refused at start otherwise.
            await assertRuntimeLogin(runtime, definition.schema).catch(async (error: unknown) => {
              await runtime.destroy();
              throw error;
            });
            return runtime;
          },
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: PlatformConfig, useValue: config },
        { provide: config.constructor, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: PlatformMetrics, useValue: new PlatformMetrics(config.SERVICE_NAME) },
        {
          provide: TenantDatabase,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new TenantDatabase(ds, definition.schema),
        },
        {
          provide: NATS_CONNECTION,
          useFactory: async () => {
            const nc = await connectNats(
              config.natsServers,
              `${config.SERVICE_NAME}-events`,
              config.natsCredentials,
            );
            await ensureEventStream(nc, config.EVENTS_STREAM_REPLICAS);
            return nc;
          },
        },
        HealthService,
        ManagementServer,
        RpcServer,
        ServiceClient,
        TenancyClient,
        Clock,
        // Every service's dead letters, listed and replayed on tf.<service>.dead-letter.*.
        {
          provide: DeadLetterOps,
          inject: [TenantDatabase],
          useFactory: (db: TenantDatabase) =>
            new DeadLetterOps(new DeadLetterStore(db, config.SERVICE_NAME), logger),
        },
        deadLetterHandlers(config.SERVICE_NAME),
        ...(policy
          ? [
              { provide: PolicyStore, useValue: new PolicyStore(policy, definition.schema) },
              policyHandlers(policy),
            ]
          : []),
      ],
      exports: [
        PlatformConfig,
        config.constructor,
        LOGGER,
        PlatformMetrics,
        TenantDatabase,
        NATS_CONNECTION,
        ServiceClient,
        TenancyClient,
        Clock,
        ...(policy ? [PolicyStore] : []),
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const relay = new OutboxRelay(this.db, this.nats, this.logger, this.config.OUTBOX_IDLE_POLL_MS);
    this.db.onEventsCommitted(() => relay.wake());
    relay.start();
    this.relay = relay;
    this.consumers = this.discoverEventHandlers().map(
      (subscription) =>
        new InboxConsumer(
          this.config.SERVICE_NAME,
          subscription,
          this.db,
          this.nats,
          this.logger,
          this.config.servedTenants,
          {
            maxAttempts: this.config.EVENT_MAX_ATTEMPTS,
            backoffMs: this.config.EVENT_RETRY_BACKOFF_MS,
            ackWaitMs: this.config.EVENT_ACK_WAIT_MS,
            metrics: this.metrics,
          },
        ),
    );
    this.deadLetters.serve(this.consumers);
    await Promise.all(this.consumers.map((consumer) => consumer.start()));
    // Read when /metrics is scraped: the outbox's backlog and each consumer's pending messages.
    new BacklogGauges(
      this.metrics,
      this.db,
      this.nats,
      () => this.consumers.map((consumer) => consumer.durableName),
      this.logger,
    );
    this.purgeTimer = everyHour(
      'purging records past retention',
      () => this.purgeNow(),
      this.logger,
    );
  }

  /**
   * What is past its retention, purged now (once an hour, and by tests): replies kept for
   * Idempotency-Key retries and published outbox rows. Every replica may run it; each is one
   * DELETE.
   */
  async purgeNow(): Promise<void> {
    await Promise.all([
      this.db.transaction(undefined, (sql) =>
        sql.query(
          `SELECT ${this.db.schema}.purge_idempotent_commands(now() - make_interval(hours => $1))`,
          [COMMAND_REPLY_RETENTION_HOURS],
        ),
      ),
      this.relay?.purgePublished(),
    ]);
  }

  /** Background work stops first: the connection pool closes in the shutdown phase after this one. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.purgeTimer);
    await this.relay?.stop();
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nats.drain().catch(() => undefined);
  }

  /** Pending outbox rows, relayed now (tests use it instead of waiting for the next tick). */
  relayNow(): Promise<number> {
    return this.relay ? this.relay.relayPending() : Promise.resolve(0);
  }

  /**
   * Every @OnEvent method of the service's providers, one subscription per event type: a
   * consumer and its inbox rows are keyed by (service, event type), so the handlers of one type
   * (the policy seed and a service's own, both on tenant-created) run one after the other in the
   * same transaction, and a redelivery skips them all.
   */
  private discoverEventHandlers(): EventSubscription[] {
    type Concern = NonNullable<EventSubscription['concerns']>;
    interface Handler {
      handle: EventSubscription['handle'];
      when: Concern | undefined;
    }
    const byType = new Map<string, { contract: EventContract; handlers: Handler[] }>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = (instance as Record<string, unknown>)[name];
        if (typeof method !== 'function') continue;
        const contract = this.reflector.get<EventContract | undefined>(
          ON_EVENT,
          method as () => unknown,
        );
        if (!contract) continue;
        const key = `${contract.service}.${contract.type}`;
        const entry = byType.get(key) ?? { contract, handlers: [] };
        entry.handlers.push({
          handle: (payload, ctx) =>
            (method as EventSubscription['handle']).call(instance, payload, ctx),
          when: this.reflector.get<Concern | undefined>(ON_EVENT_WHEN, method as () => unknown),
        });
        byType.set(key, entry);
      }
    }
    return [...byType.values()].map(({ contract, handlers }) => ({
      contract,
      handle: async (payload, ctx) => {
        for (const { handle, when } of handlers)
          if (!when || when(payload)) await handle(payload, ctx);
      },
      ...(handlers.every((h) => h.when)
        ? { concerns: (payload) => handlers.some((h) => h.when?.(payload)) }
        : {}),
    }));
  }
}
