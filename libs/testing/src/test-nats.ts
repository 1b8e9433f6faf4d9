import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'tf-nats-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: 'ignore',
    });
    await waitForPort(port, child);
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
  await start();
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`nats-server did not listen on ${port} within 10 s`);
}
