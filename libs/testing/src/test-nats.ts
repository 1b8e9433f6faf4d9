import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private nats-server with JetStream for one test run, so parallel runs (and a developer's
 * `npm start` on 4222) never answer each other's requests or share a stream. Where no nats-server
 * binary is installed, the tests use NATS_URL (default 127.0.0.1:4222) instead.
 */
export interface TestNats {
  url: string;
  stop(): Promise<void>;
}

/** A private nats-server a fault test may kill and start again, on the same port and store. */
export interface RestartableNats extends TestNats {
  /** SIGKILL: no goodbye to clients, as when the process or its node dies. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

const BINARY_CANDIDATES = [
  '/usr/sbin/nats-server',
  '/usr/bin/nats-server',
  '/usr/local/bin/nats-server',
];

function natsBinary(): string | undefined {
  return process.env['NATS_SERVER_BIN'] ?? BINARY_CANDIDATES.find((path) => existsSync(path));
}

export async function startTestNats(): Promise<TestNats> {
  if (!natsBinary()) {
    return { url: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222', stop: async () => undefined };
  }
  return startRestartableNats();
}

export async function startRestartableNats(): Promise<RestartableNats> {
  const binary = natsBinary();
  if (!binary) throw new Error('no nats-server binary found; set NATS_SERVER_BIN');
  const storeDir = mkdtempSync(join(tmpdir(), 'tf-nats-'));
  // Its INFO carries this name: how waitForOurServer knows it from another process on the port.
  const name = `tf-test-${randomBytes(6).toString('hex')}`;
  let port = 0;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      binary,
      ['-a', '127.0.0.1', '-p', String(port), '-n', name, '-js', '-sd', storeDir],
      { stdio: 'ignore' },
    );
    await waitForOurServer(port, child, name);
  };
  const end = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    // Wait for the exit, or a zombie is left behind.
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(signal);
    await exited;
  };
  // A port found free can be taken before the server binds it; then it exits, and another try
  // takes another port. A restart (start()) keeps the port its clients know.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    kill: () => end('SIGKILL'),
    stop: async () => {
      await end('SIGTERM');
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/**
 * A port nothing listens on, for a server a test starts. It is chosen below the kernel's
 * ephemeral range (Linux: ip_local_port_range, 32768-60999 by default), the ports outgoing
 * connections take, so that none of the run's own connections to PostgreSQL, NATS or a service can
 * take it before the server binds it, nor while a fault test has that server stopped to start it
 * again on the same port. Another test's server can still take it first: callers that start a
 * process try again on a fresh port when it exits on EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  const below = ephemeralRangeStart();
  for (let attempt = 0; ; attempt++) {
    const port = LISTEN_PORTS_FROM + randomInt(below - LISTEN_PORTS_FROM);
    if (await canListen(port)) return port;
    if (attempt === 100) throw new Error(`no free port in ${LISTEN_PORTS_FROM}-${below - 1}`);
  }
}

/** The lowest port the tests choose for their servers: above the well-known and common ones. */
const LISTEN_PORTS_FROM = 20_000;

function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    const start = Number(low);
    if (Number.isInteger(start) && start > LISTEN_PORTS_FROM + 1_000) return start;
  } catch {
    // Not Linux: macOS's range starts at 49152, so the default is below it too.
  }
  return 32_768;
}

/** Whether a server could listen on `port` on every address now (as the services bind 0.0.0.0). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/**
 * Until the nats-server we started answers on `port`, known by the name in its INFO line. Parallel
 * test runs start servers and services on free ports all the time, so the port may answer as
 * another process (which took it before ours bound it): a run that took that for its own would
 * talk to a stranger's services. Ours then exits, and this throws.
 */
export async function waitForOurServer(
  port: number,
  child: ChildProcess,
  name: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}`);
    if ((await serverName(port)) === name) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`nats-server ${name} did not answer on ${port} within ${timeoutMs} ms`);
}

/** The server_name of the NATS server on `port` (its INFO line), or undefined. */
function serverName(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let received = '';
    const done = (found: string | undefined) => {
      socket.destroy();
      resolve(found);
    };
    // A listener that is not NATS sends nothing first.
    socket.setTimeout(1_000, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      if (end < 0) return;
      const line = received.slice(0, end);
      try {
        const info = JSON.parse(line.replace(/^INFO\s+/, '')) as { server_name?: unknown };
        done(
          line.startsWith('INFO') && typeof info.server_name === 'string'
            ? info.server_name
            : undefined,
        );
      } catch {
        done(undefined);
      }
    });
    socket.connect(port, '127.0.0.1');
  });
}
