import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  bootstrapDatabase,
  SERVICE_NODE_FLAGS,
  SERVICE_PROCESS_ENV,
  serviceRuntimeUrl,
} from '@tf/platform';
import { formatLogLine } from './log-format';

/**
 * `npm start`, after the preflight and the build: creates the database and roles if missing, then
 * runs every built service (dist/services/<name>/main.js: a new service joins by existing), prints
 * where Swagger is once the gateway is ready, and stops them all on Ctrl-C. Each service logs in as
 * its own runtime login, DATABASE_URL's user with the service's name appended (tf_app_valuation),
 * which reaches that service's schema only.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'dist', 'services');
const env = {
  DATABASE_ADMIN_URL:
    process.env['DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_URL:
    process.env['DATABASE_URL'] ?? 'postgres://tf_app:tf_app@127.0.0.1:5432/techfinance',
  DATABASE_MIGRATION_URL:
    process.env['DATABASE_MIGRATION_URL'] ??
    'postgres://tf_owner:tf_owner@127.0.0.1:5432/techfinance',
  GATEWAY_PORT: process.env['PORT'] ?? '3000',
  GATEWAY_MANAGEMENT_PORT: process.env['MANAGEMENT_PORT'] ?? '9100',
};

const children = new Map<string, ChildProcess>();
let stopping = false;

async function main(): Promise<void> {
  const runtime = new URL(env.DATABASE_URL);
  const owner = new URL(env.DATABASE_MIGRATION_URL);
  const database = runtime.pathname.replace(/^\//, '');
  const services = readdirSync(DIST).filter((name) => existsSync(join(DIST, name, 'main.js')));
  if (services.length === 0) throw new Error(`no built services in ${DIST}; run npm run build`);
  await bootstrapDatabase({
    adminUrl: env.DATABASE_ADMIN_URL,
    database,
    owner: {
      user: decodeURIComponent(owner.username),
      password: decodeURIComponent(owner.password),
    },
    runtime: {
      user: decodeURIComponent(runtime.username),
      password: decodeURIComponent(runtime.password),
    },
    services,
  });
  say(`database "${database}" and its roles are ready`);

  for (const name of services) start(name);
  say(`started ${services.join(', ')}`);

  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  if (services.includes('gateway')) await announceWhenReady();
}

function start(name: string): void {
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, join(DIST, name, 'main.js')], {
    cwd: ROOT,
    // The runtime the Dockerfile sets (docs/performance.md, "Memory"); the user's env may override
    // the variables.
    env: {
      NODE_ENV: 'development',
      ...SERVICE_PROCESS_ENV,
      ...process.env,
      SERVICE_NAME: name,
      DATABASE_URL: serviceRuntimeUrl(env.DATABASE_URL, name),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(name, child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) =>
      process.stdout.write(`${formatLogLine(name, line)}\n`),
    );
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      say(`${name} exited (${signal ?? `code ${code}`}); stopping the network`);
      void stopAll(1);
    }
  });
}

async function announceWhenReady(): Promise<void> {
  const base = `http://localhost:${env.GATEWAY_PORT}`;
  const management = `http://localhost:${env.GATEWAY_MANAGEMENT_PORT}`;
  const deadline = Date.now() + 60_000;
  while (!stopping && Date.now() < deadline) {
    const ready = await fetch(`${management}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      say(
        `the network is up.\n\n  Swagger UI:  ${base}/docs\n  OpenAPI:     ${base}/docs-json\n  API:         ${base}/api/v1\n  Management:  ${management}/health/ready and ${management}/metrics (keep it private)\n\n  Log in as the platform admin (ADMIN_USERNAME / ADMIN_PASSWORD) with POST /api/v1/auth/token.\n  Ctrl-C stops everything.\n`,
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!stopping) say(`the gateway did not become ready within 60 s; see the log above`);
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exits = [...children.values()].map(
    (child) => new Promise<void>((done) => child.once('exit', () => done())),
  );
  for (const child of children.values()) child.kill('SIGTERM');
  const timeout = setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
  }, 10_000);
  await Promise.all(exits);
  clearTimeout(timeout);
  say('stopped');
  process.exit(code);
}

function say(message: string): void {
  process.stdout.write(`\n[npm start] ${message}\n`);
}

main().catch((error: unknown) => {
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
