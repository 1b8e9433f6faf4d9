import { existsSync, readFileSync } from 'node:fs';
import { cpuPerRequest, cpuSnapshot, cpuSnapshotAsync } from './processes';

/** The kernel's threads are counted where there is a kthreadd to be their parent. */
const linux =
  existsSync('/proc/2/comm') && readFileSync('/proc/2/comm', 'utf8').trim() === 'kthreadd';

describe('CPU per request by process group', () => {
  it('counts this load generator', () => {
    expect(cpuSnapshot([])[`load generator#${process.pid}`]).toBeGreaterThan(0);
  });

  (linux ? it : it.skip)("counts the kernel's threads (kthreadd's children) as one group", () => {
    expect(Object.keys(cpuSnapshot([])).some((k) => k.startsWith('kernel threads#'))).toBe(true);
  });

  it("reads the same processes without holding the caller's thread", async () => {
    const pending = cpuSnapshotAsync([]);
    // The files are read on libuv's threads: this thread is free while they are.
    let ticked = false;
    setImmediate(() => (ticked = true));
    const [later, now] = [await pending, cpuSnapshot([])];
    expect(ticked).toBe(true);
    // Backends and kernel workers come and go between two readings; their groups do not.
    const groups = (snapshot: Record<string, number>) =>
      new Set(Object.keys(snapshot).map((key) => key.slice(0, key.lastIndexOf('#'))));
    expect(groups(later)).toEqual(groups(now));
    expect(later[`load generator#${process.pid}`]).toBeGreaterThan(0);
  });

  it('sums a group over its pids, and counts a pid that started in between from zero', () => {
    const before = { 'postgres#10': 100, 'postgres#11': 50, 'kernel threads#83': 1_000 };
    const after = {
      'postgres#10': 160,
      'postgres#11': 70,
      'postgres#12': 20,
      'kernel threads#83': 1_040,
    };
    expect(cpuPerRequest(before, after, 1_000)).toEqual({ postgres: 100, 'kernel threads': 40 });
  });
});
