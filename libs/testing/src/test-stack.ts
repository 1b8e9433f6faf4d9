import type { INestApplication } from '@nestjs/common';
import {
  loadConfig,
  ManagementServer,
  runService,
  type PlatformConfig,
  type ServiceDefinition,
} from '@tf/platform';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from './test-database';
import { startTestNats, type TestNats } from './test-nats';

/**
 * The real infrastructure of one test file: a fresh database and a private NATS. Services are
 * started in-process on it with their real modules and configuration classes.
 */
export class TestStack {
  private readonly apps = new Map<string, INestApplication>();

  private constructor(
    readonly db: TestDatabase,
    readonly nats: TestNats,
  ) {}

  /**
   * `on`: infrastructure the caller started and will stop (a fault test's own PostgreSQL
   * cluster and its restartable nats-server); by default the machine's cluster and a private NATS.
   */
  static async start(
    label: string,
    on: { postgresAdminUrl?: string; nats?: TestNats } = {},
  ): Promise<TestStack> {
    const [db, nats] = await Promise.all([
      createTestDatabase(label, on.postgresAdminUrl),
      on.nats ?? startTestNats(),
    ]);
    return new TestStack(db, nats);
  }

  /**
   * The environment a service of this stack gets (plus overrides), as a deployment would set it:
   * DATABASE_URL is `service`'s own runtime login. Without a service (a test's client, which
   * needs NATS only) there is no DATABASE_URL, and no login to reach any schema with.
   */
  env(overrides: Record<string, string> = {}, service?: string): NodeJS.ProcessEnv {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
      ...(service ? { DATABASE_URL: this.db.runtimeUrl(service) } : {}),
      DATABASE_MIGRATION_URL: this.db.ownerUrl,
      NATS_URL: this.nats.url,
      NATS_REQUEST_TIMEOUT_MS: '2000',
      PORT: '0',
      MANAGEMENT_PORT: '0',
      ...overrides,
    };
  }

  /** Starts a service as its main.ts would, on a random port. */
  async startService<C extends PlatformConfig>(
    definition: ServiceDefinition<C>,
    env: Record<string, string> = {},
  ): Promise<INestApplication> {
    await this.db.addService(definition.name);
    const config = loadConfig(definition.config, this.env(env, definition.name));
    const app = await runService(definition.module(config), config, definition.http?.(config));
    this.apps.set(definition.name, app);
    return app;
  }

  /** A running service's application, to reach its providers (sweeps, clocks) from a test. */
  app(name: string): INestApplication {
    const app = this.apps.get(name);
    if (!app) throw new Error(`service ${name} is not running in this stack`);
    return app;
  }

  /** Where a running service's management port answers (/health/ready, /metrics). */
  managementUrl(name: string): string {
    return this.app(name).get(ManagementServer).url();
  }

  async stopService(name: string): Promise<void> {
    const app = this.apps.get(name);
    this.apps.delete(name);
    await app?.close();
  }

  async stop(): Promise<void> {
    for (const name of [...this.apps.keys()].reverse()) await this.stopService(name);
    await this.nats.stop();
    await dropTestDatabase(this.db);
  }
}

export async function baseUrl(app: INestApplication): Promise<string> {
  const url = await app.getUrl();
  return url.replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
}
