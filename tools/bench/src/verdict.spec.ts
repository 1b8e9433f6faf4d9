import {
  cpuCounters,
  iowaitPercent,
  judge,
  median,
  medianCpu,
  stealPercent,
  type Pair,
  type Run,
} from './verdict';

const run = (rps: number, p99 = 20, errors = 0): Run => ({ rps, p50: p99 / 2, p99, errors });

const pair = (
  project: number,
  baseline: number,
  steal = 0,
  p99s: [number, number] = [10, 10],
): Pair => ({
  project: { saturation: run(project), fixedRate: run(baseline / 2, p99s[0]) },
  baseline: { saturation: run(baseline), fixedRate: run(baseline / 2, p99s[1]) },
  stealPercent: steal,
});

describe('the bench verdict', () => {
  it('takes the median of the pairs, not the mean', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('reads the CPU steal between two /proc/stat snapshots', () => {
    const before = cpuCounters('cpu  100 0 100 700 0 0 0 100 0 0\ncpu0 1 2 3');
    const after = cpuCounters('cpu  200 0 200 1400 0 0 0 200 0 0\n');
    expect(before).toEqual({ total: 1000, steal: 100, iowait: 0 });
    expect(stealPercent(before, after)).toBe(10);
    expect(iowaitPercent(before, after)).toBe(0);
    const waiting = cpuCounters('cpu  200 0 200 1300 100 0 0 200 0 0\n');
    expect(iowaitPercent(before, waiting)).toBe(10);
  });

  it('passes a ratio target on the median ratio of the pairs', () => {
    const verdict = judge('reads', { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 }, [
      pair(700, 1000),
      pair(500, 1000),
      pair(650, 1000, 0, [14, 10]),
    ]);
    expect(verdict.ratio).toBe(0.65);
    expect(verdict.p99Ratio).toBe(1);
    expect(verdict).toMatchObject({ pass: true, reasons: [], pairs: { kept: 3, discarded: 0 } });
    // The values the medians were taken of, in the order run, for the results file.
    expect(verdict.pairs.ratios).toEqual([0.7, 0.5, 0.65]);
    expect(verdict.pairs.p99Ratios).toEqual([1, 1, 1.4]);
  });

  it("keeps each pair's slowest requests at the fixed rate, where a stall began", () => {
    const stalled = pair(700, 1000, 0, [900, 10]);
    stalled.project.fixedRate = Object.assign({}, stalled.project.fixedRate, {
      slowest: { ms: 1480.2, dueAfterSeconds: 3.4 },
    });
    const verdict = judge('reads', { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 }, [
      pair(700, 1000),
      stalled,
    ]);
    expect(verdict.pairs.slowest).toEqual([
      { network: undefined, baseline: undefined },
      { network: { ms: 1480.2, dueAfterSeconds: 3.4 }, baseline: undefined },
    ]);
  });

  it('fails a ratio or a p99 below its target, saying which', () => {
    const verdict = judge('reads', { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 }, [
      pair(500, 1000, 0, [20, 10]),
    ]);
    expect(verdict.pass).toBe(false);
    expect(verdict.reasons).toEqual([
      "req/s is 0.50 of the baseline's, under 0.6",
      "p99 at a fixed rate is 2.00× the baseline's, over 1.5×",
    ]);
  });

  it('discards pairs spoilt by CPU steal, and says so when all were', () => {
    expect(
      judge('r', { kind: 'ratio', ratio: 0.6 }, [pair(900, 1000), pair(100, 1000, 25)]),
    ).toMatchObject({ ratio: 0.9, pass: true, pairs: { kept: 1, discarded: 1 } });
    expect(judge('r', { kind: 'ratio', ratio: 0.6 }, [pair(900, 1000, 25)]).reasons).toEqual([
      'every pair had over 10% CPU steal: run again on a quieter host',
    ]);
  });

  it('fails on any answer that was not 2xx, even with the throughput met', () => {
    const failing: Pair = { project: { saturation: run(50, 20, 3) }, stealPercent: 0 };
    expect(judge('pdf', { kind: 'throughput', rps: 20 }, [failing]).reasons).toEqual([
      '3 answers were not 2xx, or failed',
    ]);
    const slow: Pair = { project: { saturation: run(12) }, stealPercent: 0 };
    expect(judge('pdf', { kind: 'throughput', rps: 20 }, [slow]).reasons).toEqual([
      '12.0 req/s is under the 20 req/s target',
    ]);
  });

  it('reports each side at half its own saturation beside the verdict, without judging it', () => {
    const equalLoad = (project: number, baseline: number, p99s: [number, number, number]): Pair => {
      const measured = pair(project, baseline, 0, [p99s[0], p99s[1]]);
      measured.project.equalLoad = run(project / 2, p99s[2]);
      return measured;
    };
    const verdict = judge('GET /x', { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 }, [
      equalLoad(700, 1000, [60, 20, 24]),
      equalLoad(720, 1000, [50, 20, 30]),
      equalLoad(680, 1000, [70, 20, 26]),
    ]);
    expect(verdict.p99Ratio).toBe(3);
    expect(verdict.equalLoad?.p99Ratio).toBe(1.3);
    expect(verdict.equalLoad?.project.rps).toBe(350);
    expect(verdict.pass).toBe(false);
    expect(verdict.reasons).toEqual([expect.stringContaining('p99 at a fixed rate')]);
    const failedAtEqualLoad = pair(700, 1000);
    failedAtEqualLoad.project.equalLoad = run(350, 20, 3);
    expect(judge('GET /x', { kind: 'ratio', ratio: 0.6 }, [failedAtEqualLoad]).reasons).toEqual([
      '3 answers were not 2xx, or failed',
    ]);
    expect(
      judge('GET /x', { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 }, [pair(700, 1000)]).equalLoad,
    ).toBeUndefined();
  });

  it("keeps each process group's CPU per request, the median of the pairs", () => {
    const withCpu = (project: number, cpu: Record<string, number>): Pair => {
      const measured = pair(project, 1000);
      if (measured.project.fixedRate) measured.project.fixedRate.cpu = cpu;
      return measured;
    };
    const verdict = judge('GET /x', { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 }, [
      withCpu(700, { gateway: 700, 'kernel threads': 60 }),
      withCpu(720, { gateway: 650, 'kernel threads': 90 }),
      withCpu(680, { gateway: 900 }),
    ]);
    expect(verdict.fixedRate?.project.cpu).toEqual({ gateway: 700, 'kernel threads': 60 });
    expect(verdict.project.cpu).toBeUndefined();
    expect(medianCpu([run(1), run(2)])).toBeUndefined();
  });
});
