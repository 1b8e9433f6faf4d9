import { performance } from 'node:perf_hooks';
import {
  afterReading,
  collectWhenIdle,
  IDLE_COLLECTION,
  idleCollectionDelayMs,
} from './idle-collection';

/** The rules with two quiet readings instead of the production plan's twelve. */
const TWO_QUIET = { ...IDLE_COLLECTION, quietReadings: 2 };

describe('afterReading', () => {
  const read = (readings: number[]) => {
    let state = { worked: false, quiet: 0 };
    return readings.map((utilization) => {
      const next = afterReading(state, utilization, TWO_QUIET);
      state = next.state;
      return next.collect;
    });
  };

  it('collects once a busy spell has been followed by enough quiet readings', () => {
    expect(read([0.6, 0.3, 0.01, 0.0])).toEqual([false, false, false, true]);
  });

  it('never collects a process that has done no work', () => {
    expect(read([0.01, 0.0, 0.01, 0.0, 0.01])).toEqual([false, false, false, false, false]);
  });

  it('starts counting the quiet again when work comes back, and collects once per spell', () => {
    expect(read([0.5, 0.01, 0.4, 0.01, 0.01, 0.0, 0.0, 0.0])).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
    ]);
  });

  it('waits for a minute of quiet by default, so a lull between bursts keeps the optimised code', () => {
    const quietMinute = [0.6, ...Array<number>(12).fill(0)];
    let state = { worked: false, quiet: 0 };
    const collected = quietMinute.map((utilization) => {
      const next = afterReading(state, utilization);
      state = next.state;
      return next.collect;
    });
    expect(collected.indexOf(true)).toBe(12);
    expect(idleCollectionDelayMs()).toBe(65_000);
  });

  it('does not count light work between quiet and busy either way', () => {
    expect(read([0.03, 0.03, 0.03])).toEqual([false, false, false]);
    expect(read([0.3, 0.03, 0.01, 0.01])).toEqual([false, false, false, true]);
  });
});

describe('collectWhenIdle', () => {
  const collect = jest.fn(async () => undefined);
  const plan = { ...TWO_QUIET, everyMs: 25 };
  afterEach(() => {
    delete (globalThis as { gc?: unknown }).gc;
    collect.mockClear();
  });

  it('does not even watch in a process without --expose-gc', () => {
    const setInterval = jest.spyOn(global, 'setInterval');
    collectWhenIdle(undefined, plan)();
    expect(setInterval).not.toHaveBeenCalled();
    setInterval.mockRestore();
  });

  it('collects after start-up, which is work too, then once after each busy spell, never while quiet', async () => {
    // Scripted readings on fake timers, not the event loop's own: on a loaded CI machine a 25 ms
    // timer can fire late enough to read the loop once in the time given, or find it busy.
    jest.useFakeTimers();
    const script = [0, 0.01, 0, 0.6, 0.01, 0, 0, 0, 0];
    const readings = jest
      .spyOn(performance, 'eventLoopUtilization')
      .mockImplementation((...since) => ({
        idle: 0,
        active: 0,
        utilization: since.length > 0 ? (script.shift() ?? 0) : 0,
      }));
    try {
      (globalThis as { gc?: unknown }).gc = collect;
      const stop = collectWhenIdle(undefined, plan);
      await jest.advanceTimersByTimeAsync(plan.everyMs * 2);
      expect(collect).toHaveBeenCalledTimes(1); // two quiet readings after start-up
      await jest.advanceTimersByTimeAsync(plan.everyMs * 3);
      expect(collect).toHaveBeenCalledTimes(1); // 0, then busy at 0.6, then one quiet reading
      await jest.advanceTimersByTimeAsync(plan.everyMs);
      expect(collect).toHaveBeenCalledTimes(2); // the second quiet reading after the busy one
      await jest.advanceTimersByTimeAsync(plan.everyMs * 10);
      stop();
      expect(collect).toHaveBeenCalledTimes(2);
    } finally {
      readings.mockRestore();
      jest.useRealTimers();
    }
  });

  it('asks V8 for a full collection in the background once the event loop is quiet after work', async () => {
    (globalThis as { gc?: unknown }).gc = collect;
    const collected = new Promise<number>((resolve) => {
      const stop = collectWhenIdle((ms) => {
        stop();
        resolve(ms);
      }, plan);
    });
    const until = Date.now() + 80;
    while (Date.now() < until); // a busy event loop
    await expect(collected).resolves.toBeGreaterThanOrEqual(0);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(collect).toHaveBeenCalledWith({
      type: 'major',
      execution: 'async',
      flavor: 'last-resort',
    });
  });
});
