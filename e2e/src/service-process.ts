import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@tf/testing';

const ROOT = join(__dirname, '..', '..');
/** Log lines kept for a test's assertions and for the message of a failed start. */
const LINES_KEPT = 5_000;
/** Starts tried before a port taken between choosing and listening fails the test. */
const PORT_ATTEMPTS = 5;

/**
 * A service in a process of its own, started from its main.ts as `npm start` and the containers
 * run it, so a test can signal it (SIGTERM) or kill it (SIGKILL) where it stands. `env` is the
 * whole service environment (TestStack.env(…, name)); the ports are chosen here.
 */
export class ServiceProcess {
  private readonly exited: Promise<number | null>;
  private readonly lines: string[] = [];

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly port: number,
    readonly managementPort: number,
  ) {
    // 'close', not 'exit': by then the child's output has been read to its end, for the log.
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
    for (const stream of [child.stdout, child.stderr])
      if (stream)
        createInterface({ input: stream }).on('line', (line) => {
          this.lines.push(line);
          if (this.lines.length > LINES_KEPT) this.lines.shift();
        });
  }

  /**
   * Starts it and resolves once /health/ready answers 200 (or fails with its log). Its two ports
   * are free when chosen (freePort) but not reserved: another test's server can take one before
   * the child listens, so a start that fails on EADDRINUSE is tried again on fresh ports, as
   * startRestartableNats does.
   */
  static async start(
    name: string,
    env: NodeJS.ProcessEnv,
    readyWithinMs = 90_000,
  ): Promise<ServiceProcess> {
    for (let attempt = 1; ; attempt++) {
      const service = ServiceProcess.spawn(name, env, await freePort(), await freePort());
      const started = await service.ready(readyWithinMs);
      if (started === 'ready') return service;
      const log = service.logText(40);
      if (started === 'port taken' && attempt < PORT_ATTEMPTS) continue;
      throw new Error(
        started === 'timed out'
          ? `${name} was not ready within ${readyWithinMs} ms:\n${log}`
          : `${name} exited while starting:\n${log}`,
      );
    }
  }

  private static spawn(
    name: string,
    env: NodeJS.ProcessEnv,
    port: number,
    managementPort: number,
  ): ServiceProcess {
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(ROOT, 'tools', 'register-ts.cjs'),
        join(ROOT, 'services', name, 'src', 'main.ts'),
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...env,
          SERVICE_NAME: name,
          PORT: String(port),
          MANAGEMENT_PORT: String(managementPort),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return new ServiceProcess(name, child, port, managementPort);
  }

  /** Waits for readiness, the child's exit or the deadline, whichever comes first. */
  private async ready(withinMs: number): Promise<'ready' | 'port taken' | 'exited' | 'timed out'> {
    const deadline = Date.now() + withinMs;
    while ((await this.readinessStatus()) !== 200) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        await this.exited;
        return this.logText().includes('EADDRINUSE') ? 'port taken' : 'exited';
      }
      if (Date.now() > deadline) {
        await this.kill();
        return 'timed out';
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return 'ready';
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** /health/ready's status, 0 when nothing answers. */
  readinessStatus(): Promise<number> {
    return fetch(`http://127.0.0.1:${this.managementPort}/health/ready`).then(
      (reply) => reply.status,
      () => 0,
    );
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
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

  /** Its log, or its last `lines` lines. */
  logText(lines?: number): string {
    return (lines ? this.lines.slice(-lines) : this.lines).join('\n');
  }
}
