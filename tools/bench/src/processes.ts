import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** A process the bench started: a service of the network, or a half of the baseline. */
export interface BenchProcess {
  name: string;
  child: ChildProcess;
  /** Its last lines of output, to say why it died. */
  output: string[];
}

export function start(name: string, args: string[], env: NodeJS.ProcessEnv): BenchProcess {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const started: BenchProcess = { name, child, output: [] };
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      started.output.push(line);
      if (started.output.length > 20) started.output.shift();
    });
  }
  return started;
}

/** Waits until `url` answers 200, or fails naming the process that died instead. */
export async function waitForHttp(
  url: string,
  proc: BenchProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null)
      throw new Error(`${proc.name} exited (${proc.child.exitCode}):\n${proc.output.join('\n')}`);
    const ok = await fetch(url).then(
      (reply) => reply.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms`);
}

export async function stop(processes: readonly BenchProcess[]): Promise<void> {
  await Promise.all(
    processes.map(
      (proc) =>
        new Promise<void>((resolve) => {
          if (proc.child.exitCode !== null || proc.child.signalCode !== null) return resolve();
          proc.child.once('exit', () => resolve());
          proc.child.kill('SIGTERM');
          setTimeout(() => proc.child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

/** Resident memory of a process, in MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    return kib / 1024;
  } catch {
    return 0;
  }
}

/** The highest RSS each process reached while sampling ran. */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly processes: () => readonly BenchProcess[]) {}

  start(everyMs = 500): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(this.peaks);
  }

  private sample(): void {
    for (const proc of this.processes()) {
      const rss = rssMiB(proc.child.pid);
      this.peaks.set(proc.name, Math.max(this.peaks.get(proc.name) ?? 0, rss));
    }
  }
}
