import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { withDatabase } from '@tf/platform';
import {
  baseUrl,
  freePort,
  startRestartableNats,
  startTestPostgres,
  TestStack,
  type RestartableNats,
  type TestPostgres,
} from '@tf/testing';
import { Client } from 'pg';
import { Api } from '../http-client';
import { discoverServices } from '../network';

const ROOT = join(__dirname, '..', '..', '..');

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
    const child = await ServiceProcess.start(name, {
      ...(this.stack.env({ ...this.sharedEnv, ...env }, name) as Record<string, string>),
      SERVICE_NAME: name,
    });
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

/** A service of the network in a process of its own, started from its main.ts. */
export class ServiceProcess {
  private readonly exited: Promise<number | null>;
  private readonly log: string[] = [];

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly managementPort: number,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    for (const stream of [child.stdout, child.stderr])
      if (stream)
        createInterface({ input: stream }).on('line', (line) => {
          this.log.push(line);
          if (this.log.length > 200) this.log.shift();
        });
  }

  static async start(name: string, env: Record<string, string>): Promise<ServiceProcess> {
    const managementPort = Number(env['MANAGEMENT_PORT']) || (await freePort());
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(ROOT, 'tools', 'register-ts.cjs'),
        join(ROOT, 'services', name, 'src', 'main.ts'),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...env, MANAGEMENT_PORT: String(managementPort), PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const service = new ServiceProcess(name, child, managementPort);
    await service.ready();
    return service;
  }

  /** Waits until /health/ready answers 200, or fails with the process's last log lines. */
  async ready(withinMs = 60_000): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`${this.name} exited while starting:\n${this.lastLog()}`);
      const ok = await fetch(`http://127.0.0.1:${this.managementPort}/health/ready`).then(
        (reply) => reply.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} was not ready within ${withinMs} ms:\n${this.lastLog()}`);
  }

  /** Resolves with the exit code (null when a signal ended it). */
  exit(): Promise<number | null> {
    return this.exited;
  }

  /** SIGKILL: the process dies where it stands, as on a node loss. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  lastLog(lines = 20): string {
    return this.log.slice(-lines).join('\n');
  }
}
