import { TenancyRpc } from '@tf/contracts';
import { DomainError, loadConfig, PlatformConfig, ServiceClient, withDatabase } from '@tf/platform';
import { TestStack } from '@tf/testing';
import { Client } from 'pg';
import { Api } from './http-client';
import { ServiceProcess } from './service-process';

const ADMIN = { username: 'platform.admin', password: 'platform-admin-password' };
/** What a graceful shutdown of a service with one slow request must stay within, here. */
const SHUTDOWN_WITHIN_MS = 10_000;

/**
 * SIGTERM on real service processes (started from their main.ts, as `npm start` and the
 * containers run them): a request under way finishes with its answer, nothing new is taken,
 * readiness fails at once, and the process exits 0. The request is made slow by a lock on the
 * table it reads, held by the test and released after the signal.
 */
describe('graceful shutdown on SIGTERM', () => {
  let stack: TestStack;
  let tenancy: ServiceProcess;
  let gateway: ServiceProcess;
  let admin: Client;

  beforeAll(async () => {
    stack = await TestStack.start('shutdown');
    tenancy = await ServiceProcess.start(
      'tenancy',
      serviceEnv('tenancy', { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password }),
    );
    gateway = await ServiceProcess.start('gateway', serviceEnv('gateway'));
    admin = new Client({ connectionString: withDatabase(stack.db.adminUrl, stack.db.name) });
    await admin.connect();
  }, 120_000);

  /** Logs at info (the test reads "shut down"), and requests with room for the held lock. */
  const serviceEnv = (name: string, env: Record<string, string> = {}) =>
    stack.env({ ...env, LOG_LEVEL: 'info', NATS_REQUEST_TIMEOUT_MS: '8000' }, name);

  afterAll(async () => {
    await admin?.end();
    await gateway?.kill();
    await tenancy?.kill();
    await stack?.stop();
  });

  /** Holds an exclusive lock on tenancy's users until the returned function is called. */
  async function lockUsers(): Promise<() => Promise<void>> {
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE tenancy.users IN ACCESS EXCLUSIVE MODE');
    return async () => {
      await admin.query('COMMIT');
    };
  }

  it('the gateway answers the login under way, refuses new connections, and exits 0', async () => {
    const api = new Api(gateway.url);
    const release = await lockUsers();
    const login = api.post('/api/v1/auth/token', { body: ADMIN });
    // Under way: through the gateway and NATS to tenancy's handler, blocked on the lock.
    expect(await until(async () => (await lockWaiters(admin)) > 0)).toBe(true);
    const signalled = Date.now();
    gateway.signal('SIGTERM');

    // Readiness fails first, while the login is still waiting for its lock. The signal and the
    // probe reach the process's event loop in either order, so the probe is repeated.
    expect(await until(async () => (await gateway.readinessStatus()) === 503)).toBe(true);
    // No new connection is taken.
    await expect(until(() => connectionRefused(gateway.port))).resolves.toBe(true);

    await release();
    const answered = await login;
    expect(answered.status).toBe(200);
    expect(typeof answered.body.accessToken).toBe('string');
    expect(await gateway.exit()).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_WITHIN_MS);
    expect(gateway.logText()).toContain('"msg":"shut down"');
  });

  it('a service answers the NATS request under way, takes no new one, and exits 0', async () => {
    const client = new ServiceClient(
      loadConfig(PlatformConfig, { ...stack.env(), NATS_REQUEST_TIMEOUT_MS: '8000' }),
    );
    try {
      const release = await lockUsers();
      const login = client.request(
        TenancyRpc.openSession,
        { ...ADMIN, ttlSeconds: 60 },
        { requestId: 'shutdown-slow' },
      );
      expect(await until(async () => (await lockWaiters(admin)) > 0)).toBe(true);
      const signalled = Date.now();
      tenancy.signal('SIGTERM');
      // The signal and the probe reach the event loop in either order: the probe is repeated.
      expect(await until(async () => (await tenancy.readinessStatus()) === 503)).toBe(true);

      // The subscription is drained: a new request finds nobody to answer it.
      const refused = await client
        .request(TenancyRpc.openSession, { ...ADMIN, ttlSeconds: 60 }, { requestId: 'late' })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).status).toBe(503);

      await release();
      const answered = await login;
      expect(answered.user?.username).toBe(ADMIN.username);
      expect(await tenancy.exit()).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_WITHIN_MS);
    } finally {
      await client.onApplicationShutdown();
    }
  });
});

/** Sessions of the test database waiting for a lock (the slow request, blocked). */
async function lockWaiters(admin: Client): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0]?.n ?? 0;
}

async function until(check: () => Promise<boolean>, withinMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function connectionRefused(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health/live`).then(
    () => false,
    (error: { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED',
  );
}
