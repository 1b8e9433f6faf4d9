import { withDatabase } from '@tf/platform';
import {
  baseUrl,
  startRestartableNats,
  startTestPostgres,
  TestStack,
  type RestartableNats,
  type TestPostgres,
} from '@tf/testing';
import { Client } from 'pg';
import { Api } from '../http-client';
import { discoverServices } from '../network';
import { ServiceProcess } from '../service-process';

/**
 * The whole network on infrastructure a fault test owns: its own PostgreSQL cluster and its own
 * nats-server, both safe to kill. Services run in this process as in the other end-to-end tests,
 * except those named in `apart`, which run as child processes (started from their main.ts, as
 * `npm start` runs them) so a test can kill one with SIGKILL mid-request.
 */
export class FaultNetwork {
  readonly api: Api;
  readonly admin = { username: 'platform.admin', password: 'platform-admin-password' };
  private readonly children = new Map<string, ServiceProcess>();

  private constructor(
    readonly postgres: TestPostgres,
    readonly nats: RestartableNats,
    readonly stack: TestStack,
    readonly gateway: string,
    private readonly sharedEnv: Record<string, string>,
  ) {
    this.api = new Api(gateway);
  }

  static async start(
    label: string,
    options: { apart?: string[]; env?: Record<string, string> } = {},
  ): Promise<FaultNetwork> {
    const [postgres, nats] = await Promise.all([startTestPostgres(), startRestartableNats()]);
    const stack = await TestStack.start(label, { postgresAdminUrl: postgres.adminUrl, nats });
    const shared = {
      ADMIN_USERNAME: 'platform.admin',
      ADMIN_PASSWORD: 'platform-admin-password',
      // The scenarios are one bank's client sending hundreds of requests a second.
      RATE_LIMIT_PER_MINUTE: '1000000',
      // Every 503 of a fault is a warning; the counts say what happened.
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'error',
      // A key left in flight by a cut-off request is taken over by its retry after this.
      IDEMPOTENCY_IN_FLIGHT_LEASE_MS: '3000',
      ...options.env,
    };
    const apart = new Set(options.apart ?? []);
    const services = discoverServices().sort(
      (a, b) => Number(a.name === 'gateway') - Number(b.name === 'gateway'),
    );
    let gateway = '';
    const pending: Array<[string, Record<string, string>]> = [];
    for (const service of services) {
      if (apart.has(service.name)) {
        pending.push([service.name, shared]);
        continue;
      }
      const app = await stack.startService(service, shared);
      if (service.name === 'gateway') gateway = await baseUrl(app);
    }
    const network = new FaultNetwork(postgres, nats, stack, gateway, shared);
    for (const [name] of pending) await network.startApart(name);
    return network;
  }

  /** Starts (or starts again) a service as a child process; resolves once it is ready. */
  async startApart(name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const child = await ServiceProcess.start(
      name,
      this.stack.env({ ...this.sharedEnv, ...env }, name),
      60_000,
    );
    this.children.set(name, child);
    return child;
  }

  apart(name: string): ServiceProcess {
    const child = this.children.get(name);
    if (!child) throw new Error(`${name} does not run apart`);
    return child;
  }

  /** Reads as the superuser, across centers (the runtime role sees one center at a time). */
  async query<R extends Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    const client = new Client({
      connectionString: withDatabase(this.postgres.adminUrl, this.stack.db.name),
    });
    await client.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  /** The first row's `n` of a counting query, as a number. */
  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.query<{ n: unknown }>(sql, params);
    return Number(row?.n ?? 0);
  }

  async stop(): Promise<void> {
    for (const child of this.children.values()) await child.kill();
    await this.stack.stop().catch(() => undefined);
    await this.nats.stop();
    this.postgres.destroy();
  }
}
