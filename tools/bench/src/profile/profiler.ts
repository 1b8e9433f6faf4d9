import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchProcess } from '../processes';
import { formatSummary, summarize, type CpuProfile } from './summary';

const PRELOAD = join(__dirname, 'cpu-profile-preload.cjs');

/**
 * `npm run bench -- --profile`: every process starts with the preload (./cpu-profile-preload.cjs),
 * and each measured run at saturation of the first pair is profiled on the side it loads, so a
 * scenario's profile of the network sits beside the baseline's. Summaries are printed, and the
 * .cpuprofile files stay in `dir` for Chrome DevTools or speedscope.
 */
export class BenchProfiler {
  private readonly written = new Map<string, number>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** What a process needs in its environment to be profiled. */
  env(name: string, nodeOptions = ''): Record<string, string> {
    return {
      NODE_OPTIONS: `${nodeOptions} -r ${PRELOAD}`.trim(),
      BENCH_PROFILE_DIR: this.dir,
      BENCH_PROFILE_NAME: name,
    };
  }

  /** Profiles `processes` while `work` runs, then prints where each spent its time. */
  async around<T>(label: string, processes: BenchProcess[], work: () => Promise<T>): Promise<T> {
    for (const proc of processes) proc.child.kill('SIGUSR2');
    const result = await work();
    for (const proc of processes) proc.child.kill('SIGUSR2');
    for (const proc of processes) {
      const n = (this.written.get(proc.name) ?? 0) + 1;
      this.written.set(proc.name, n);
      const file = join(this.dir, `${proc.name}-${n}.cpuprofile`);
      await waitFor(() => proc.output.some((line) => line.includes(`cpu profile written ${file}`)));
      const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
      process.stdout.write(
        `${formatSummary(`${label} · ${proc.name} (${file})`, summarize(profile))}\n`,
      );
    }
    return result;
  }
}

async function waitFor(done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('a profiled process wrote no profile');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
