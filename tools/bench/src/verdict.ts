/**
 * What a bench run concludes, as pure functions of what it measured: the ratio of each scenario
 * (median over the pairs the host's CPU steal did not spoil), and whether each target is met.
 */

/** One load run: throughput and latency at saturation or at a fixed offered rate. */
export interface Run {
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Answers that were not 2xx, plus connection errors and timeouts: any fails the bench. */
  errors: number;
  /** Answers a race gives by design (the scenario's `refusals`): counted, not errors. */
  refused?: number;
  /** Requests answered in the run. */
  count?: number;
  /** Microseconds of CPU per request, by process (processes.ts cpuSnapshot). */
  cpu?: Record<string, number>;
  /**
   * At a fixed rate: the request that took longest, and how far into the measured run it fell
   * due. A p99 made by one stall shows a slowest request of about its length, due where it began.
   */
  slowest?: { ms: number; dueAfterSeconds: number };
}

/** The project and the baseline, measured one after the other under the same conditions. */
export interface Pair {
  /**
   * `equalLoad`: the network at half its own saturation (`--equal-load`), beside the baseline's
   * fixed-rate run at half its own: both sides equally busy.
   */
  project: { saturation: Run; fixedRate?: Run; equalLoad?: Run };
  baseline?: { saturation: Run; fixedRate?: Run };
  /** The host's CPU steal over the pair, in percent. */
  stealPercent: number;
  /** CPU time spent waiting for the disk over the pair, in percent: reported, not judged. */
  iowaitPercent?: number;
}

export type Target =
  /** At least `ratio` of the baseline's req/s; with `p99Factor`, p99 at half the baseline's saturation within that factor of its p99. */
  | { kind: 'ratio'; ratio: number; p99Factor?: number }
  /** At least `rps` requests per second, whatever the baseline. */
  | { kind: 'throughput'; rps: number };

export interface ScenarioVerdict {
  name: string;
  project: Run;
  baseline?: Run;
  /** Project req/s over the baseline's, the median of the kept pairs. */
  ratio?: number;
  /** Project p99 over the baseline's at the fixed rate, the median of the kept pairs. */
  p99Ratio?: number;
  /** Both sides at the same offered rate (half the baseline's saturation), medians of the pairs. */
  fixedRate?: { rate: number; project: Run; baseline: Run };
  /**
   * A diagnostic, not judged: each side at half its own saturation, so both are equally busy
   * (`--equal-load`). The p99 rule compares them at the same rate, where a network with a
   * lower throughput is busier; this says whether its tail is longer for any other reason.
   */
  equalLoad?: { project: Run; baseline: Run; p99Ratio: number };
  target: Target;
  pass: boolean;
  /** Why it failed, when it did. */
  reasons: string[];
  /**
   * How many pairs were kept and discarded, and each kept pair's ratio and p99 ratio (the values
   * the medians are taken of), in the order run: their spread says how far to trust a verdict.
   */
  pairs: {
    kept: number;
    discarded: number;
    ratios?: number[];
    p99Ratios?: number[];
    /** Each kept pair's slowest requests at the fixed rate: where a stall that made a p99 began. */
    slowest?: { network?: Run['slowest']; baseline?: Run['slowest'] }[];
  };
}

/** A pass/fail check beside the scenarios: memory, invariants of the rows a run wrote. */
export interface Check {
  name: string;
  measured: string;
  target: string;
  pass: boolean;
}

/** Pairs over this much steal measured the neighbours, not us. */
export const MAX_STEAL_PERCENT = 10;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The CPU counters of /proc/stat's first line: user nice system idle iowait irq softirq steal. */
export function cpuCounters(procStat: string): { total: number; steal: number; iowait: number } {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no cpu line');
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  // guest and guest_nice are already counted in user and nice.
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { total, steal: fields[7] ?? 0, iowait: fields[4] ?? 0 };
}

export function iowaitPercent(
  before: { total: number; iowait: number },
  after: { total: number; iowait: number },
): number {
  const total = after.total - before.total;
  return total > 0 ? (100 * (after.iowait - before.iowait)) / total : 0;
}

export function stealPercent(
  before: { total: number; steal: number },
  after: { total: number; steal: number },
): number {
  const total = after.total - before.total;
  return total > 0 ? (100 * (after.steal - before.steal)) / total : 0;
}

/** The median run of the kept pairs, field by field. */
function medianRun(runs: Run[]): Run {
  const cpu = medianCpu(runs);
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    ...(cpu ? { cpu } : {}),
  };
}

/**
 * Each process group's CPU per request, the median over the runs (a run where the group used
 * none counts as 0), or undefined when no run was measured for CPU.
 */
export function medianCpu(runs: readonly Run[]): Record<string, number> | undefined {
  const measured = runs.filter((r) => r.cpu !== undefined);
  if (measured.length === 0) return undefined;
  const groups = new Set(measured.flatMap((r) => Object.keys(r.cpu ?? {})));
  const cpu: Record<string, number> = {};
  for (const group of groups) cpu[group] = median(measured.map((r) => r.cpu?.[group] ?? 0));
  return cpu;
}

export function judge(name: string, target: Target, pairs: readonly Pair[]): ScenarioVerdict {
  const kept = pairs.filter((pair) => pair.stealPercent <= MAX_STEAL_PERCENT);
  const reasons: string[] = [];
  const counted = kept.length > 0 ? kept : pairs;
  if (kept.length === 0 && pairs.length > 0)
    reasons.push(
      `every pair had over ${MAX_STEAL_PERCENT}% CPU steal: run again on a quieter host`,
    );
  const project = medianRun(counted.map((pair) => pair.project.saturation));
  const baselines = counted.flatMap((pair) => (pair.baseline ? [pair.baseline.saturation] : []));
  const baseline = baselines.length > 0 ? medianRun(baselines) : undefined;
  const errors =
    pairs.reduce(
      (sum, pair) =>
        sum +
        pair.project.saturation.errors +
        (pair.project.fixedRate?.errors ?? 0) +
        (pair.project.equalLoad?.errors ?? 0) +
        (pair.baseline?.saturation.errors ?? 0) +
        (pair.baseline?.fixedRate?.errors ?? 0),
      0,
    ) || 0;
  if (errors > 0) reasons.push(`${errors} answers were not 2xx, or failed`);

  const verdict: ScenarioVerdict = {
    name,
    project,
    ...(baseline ? { baseline } : {}),
    target,
    pass: false,
    reasons,
    pairs: { kept: kept.length, discarded: pairs.length - kept.length },
  };
  if (target.kind === 'throughput') {
    if (project.rps < target.rps)
      reasons.push(`${project.rps.toFixed(1)} req/s is under the ${target.rps} req/s target`);
  } else {
    const ratios = counted.flatMap((pair) =>
      pair.baseline ? [pair.project.saturation.rps / pair.baseline.saturation.rps] : [],
    );
    verdict.ratio = median(ratios);
    verdict.pairs.ratios = ratios;
    if (!(verdict.ratio >= target.ratio))
      reasons.push(`req/s is ${format(verdict.ratio)} of the baseline's, under ${target.ratio}`);
    if (target.p99Factor !== undefined) {
      const p99Ratios = counted.flatMap((pair) =>
        pair.project.fixedRate && pair.baseline?.fixedRate
          ? [pair.project.fixedRate.p99 / Math.max(pair.baseline.fixedRate.p99, 1)]
          : [],
      );
      verdict.p99Ratio = median(p99Ratios);
      verdict.pairs.p99Ratios = p99Ratios;
      const atRate = counted.flatMap((pair) =>
        pair.project.fixedRate && pair.baseline?.fixedRate
          ? [{ project: pair.project.fixedRate, baseline: pair.baseline.fixedRate }]
          : [],
      );
      verdict.pairs.slowest = atRate.map((r) => ({
        network: r.project.slowest,
        baseline: r.baseline.slowest,
      }));
      if (atRate.length > 0 && baseline)
        verdict.fixedRate = {
          rate: Math.round(baseline.rps / 2),
          project: medianRun(atRate.map((r) => r.project)),
          baseline: medianRun(atRate.map((r) => r.baseline)),
        };
      const equal = counted.flatMap((pair) =>
        pair.project.equalLoad && pair.baseline?.fixedRate
          ? [{ project: pair.project.equalLoad, baseline: pair.baseline.fixedRate }]
          : [],
      );
      if (equal.length > 0)
        verdict.equalLoad = {
          project: medianRun(equal.map((r) => r.project)),
          baseline: medianRun(equal.map((r) => r.baseline)),
          p99Ratio: median(equal.map((r) => r.project.p99 / Math.max(r.baseline.p99, 1))),
        };
      if (!(verdict.p99Ratio <= target.p99Factor))
        reasons.push(
          `p99 at a fixed rate is ${format(verdict.p99Ratio)}× the baseline's, over ${target.p99Factor}×`,
        );
    }
  }
  verdict.pass = reasons.length === 0;
  return verdict;
}

function format(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : 'unmeasured';
}
