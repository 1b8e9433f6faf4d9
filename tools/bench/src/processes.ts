import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
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

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

type ProcStat = { comm: string; ppid: number; cpuMs: number };

/** A process's name, parent and CPU milliseconds so far, from /proc/<pid>/stat; undefined once it has gone. */
function procStat(pid: number): ProcStat | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

function parseStat(stat: string): ProcStat {
  // The command name is in parentheses and may hold spaces; the fields follow it.
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return {
    comm: stat.slice(stat.indexOf('(') + 1, close),
    ppid: Number(fields[1]),
    cpuMs: (ticks * 1000) / TICKS_PER_SECOND,
  };
}

const SHARED_SERVERS: Record<string, string> = { postgres: 'postgres', 'nats-server': 'nats' };

/** kthreadd's pid: the kernel's own threads are its children. */
const KTHREADD = 2;

/**
 * CPU milliseconds so far, keyed by `<group>#<pid>`: our processes, every PostgreSQL backend and
 * NATS, this load generator, and the kernel's threads. Keyed per pid because backends come and go
 * between snapshots; summing a group first would make its delta negative whenever one exits. Two
 * snapshots around a run say what a request cost each of them: unlike a profile's wall-clock
 * samples, this is CPU actually used. The kernel's threads are the machine's tax on both sides
 * (this VM's DAMON thread, kdamond, takes 10-16 ms of CPU every 0.55 s under load: docs/performance.md).
 */
export function cpuSnapshot(processes: readonly BenchProcess[]): Record<string, number> {
  const stats = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat) stats.set(Number(entry), stat);
  }
  return snapshotOf(processes, stats, process.cpuUsage());
}

/**
 * The same snapshot, its files read on libuv's threads: the caller's thread stays free while
 * about 200 of them are read. The start of a fixed-rate measurement takes this one, because
 * the load generator must keep sending each request when it falls due.
 */
export async function cpuSnapshotAsync(
  processes: readonly BenchProcess[],
): Promise<Record<string, number>> {
  const own = process.cpuUsage();
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const read = await Promise.all(
    pids.map((pid) =>
      readFile(`/proc/${pid}/stat`, 'utf8').then(
        (text) => [pid, parseStat(text)] as const,
        () => undefined,
      ),
    ),
  );
  const stats = new Map<number, ProcStat>();
  for (const entry of read) if (entry) stats.set(entry[0], entry[1]);
  return snapshotOf(processes, stats, own);
}

function snapshotOf(
  processes: readonly BenchProcess[],
  stats: ReadonlyMap<number, ProcStat>,
  own: NodeJS.CpuUsage,
): Record<string, number> {
  const snapshot: Record<string, number> = {};
  for (const proc of processes)
    if (proc.child.pid)
      snapshot[`${proc.name}#${proc.child.pid}`] = stats.get(proc.child.pid)?.cpuMs ?? 0;
  for (const [pid, stat] of stats) {
    const group =
      SHARED_SERVERS[stat.comm] ?? (stat.ppid === KTHREADD ? 'kernel threads' : undefined);
    if (group) snapshot[`${group}#${pid}`] = stat.cpuMs;
  }
  snapshot[`load generator#${process.pid}`] = (own.user + own.system) / 1000;
  return snapshot;
}

/**
 * Microseconds of CPU per request for each group that used any, between two snapshots. A pid
 * that started in between counts from zero; one that exited in between is lost (a backend that
 * lived less than a run is rare under a pool).
 */
export function cpuPerRequest(
  before: Record<string, number>,
  after: Record<string, number>,
  requests: number,
): Record<string, number> {
  const usedByGroup: Record<string, number> = {};
  for (const [key, ms] of Object.entries(after)) {
    const group = key.slice(0, key.lastIndexOf('#'));
    // cpuMs reads 0 for a pid that has gone by the time of the second snapshot.
    if (ms > 0) usedByGroup[group] = (usedByGroup[group] ?? 0) + ms - (before[key] ?? 0);
  }
  const cost: Record<string, number> = {};
  for (const [group, used] of Object.entries(usedByGroup)) {
    if (used > 0 && requests > 0) cost[group] = Math.round((used * 1000) / requests);
  }
  return cost;
}
