import { PacedWork } from './paced-work';

const PACE = { busyMs: 250, idleMs: 5_000 };

/** Work that finds what `found` says, one answer per run (0 once they are used up). */
function queue(...found: (number | Error)[]) {
  const runs: number[] = [];
  const work = jest.fn(async () => {
    runs.push(Date.now());
    const next = found.shift() ?? 0;
    if (next instanceof Error) throw next;
    return next;
  });
  return { work, runs };
}

describe('PacedWork', () => {
  let paced: PacedWork | undefined;
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(async () => {
    await paced?.stop();
    jest.useRealTimers();
  });

  it('runs busyMs after start, again busyMs after a run that found work, idleMs after one that found none', async () => {
    const { work, runs } = queue(3, 1);
    paced = new PacedWork(work, PACE, () => undefined);
    paced.start();
    await jest.advanceTimersByTimeAsync(20_000);
    expect(runs).toEqual([250, 500, 750, 5_750, 10_750, 15_750]);
  });

  it('at rest, a wake runs now; wakes close together share the next busy run', async () => {
    const { work, runs } = queue();
    paced = new PacedWork(work, PACE, () => undefined);
    paced.start();
    await jest.advanceTimersByTimeAsync(1_000); // the first run at 250 found nothing
    paced.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([250, 1_000]);
    paced.wake(); // 1,000: just ran, so no sooner than 1,250
    await jest.advanceTimersByTimeAsync(100);
    paced.wake();
    await jest.advanceTimersByTimeAsync(200);
    expect(runs).toEqual([250, 1_000, 1_250]);
  });

  it('a wake during a run that found nothing brings the next run to busyMs, not idleMs', async () => {
    let release: (found: number) => void = () => undefined;
    const runs: number[] = [];
    const work = jest.fn(() => {
      runs.push(Date.now());
      return new Promise<number>((resolve) => (release = resolve));
    });
    paced = new PacedWork(work, PACE, () => undefined);
    paced.start();
    await jest.advanceTimersByTimeAsync(250);
    paced.wake(); // the run under way may have looked before this commit
    release(0);
    await jest.advanceTimersByTimeAsync(250);
    expect(runs).toEqual([250, 500]);
    release(0);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(runs).toEqual([250, 500]);
  });

  it('reports a failed run and tries again busyMs later', async () => {
    const onError = jest.fn();
    const { work, runs } = queue(new Error('database away'));
    paced = new PacedWork(work, PACE, onError);
    paced.start();
    await jest.advanceTimersByTimeAsync(600);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'database away' }));
    expect(runs).toEqual([250, 500]);
  });

  it('starts nothing after stop, wakes included, and waits for the run under way', async () => {
    let release: (found: number) => void = () => undefined;
    const work = jest.fn(() => new Promise<number>((resolve) => (release = resolve)));
    paced = new PacedWork(work, PACE, () => undefined);
    paced.start();
    await jest.advanceTimersByTimeAsync(250);
    let stopped = false;
    void paced.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release(5);
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(true);
    paced.wake();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(work).toHaveBeenCalledTimes(1);
  });
});
