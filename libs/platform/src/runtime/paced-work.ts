/**
 * How background work that drains a queue paces itself. Busy, it runs at most once per `busyMs`,
 * so what arrives close together is handled together. At rest it looks only every `idleMs`, and
 * whoever adds to the queue wakes it (`PacedWork.wake`).
 */
export interface Pace {
  busyMs: number;
  idleMs: number;
}

/**
 * Runs `work` (which returns how many items it handled) in the background: again `busyMs` after a
 * run that found something, `idleMs` after one that found nothing, and soon after `wake`, though
 * never sooner than `busyMs` after the last run began. A run never overlaps another. A failed run
 * is reported and counts as busy, so it is tried again soon.
 */
export class PacedWork {
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires (ms since the epoch); Infinity while a run is under way or stopped. */
  private dueAt = Infinity;
  private lastRunAt = -Infinity;
  private running: Promise<void> | undefined;
  /** Woken during the run under way: it may have looked before what woke it was there. */
  private woken = false;
  private stopped = true;

  constructor(
    private readonly work: () => Promise<number>,
    private readonly pace: Pace,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The first run comes `busyMs` from now. */
  start(): void {
    this.stopped = false;
    this.schedule(this.pace.busyMs);
  }

  /** No run starts after this; resolves when the one under way, if any, has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.dueAt = Infinity;
    await this.running;
  }

  /** There is work: run soon. Cheap enough to call on every item added. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.woken = true;
      return;
    }
    const now = Date.now();
    const at = Math.max(now, this.lastRunAt + this.pace.busyMs);
    if (at < this.dueAt) this.schedule(at - now);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.dueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => this.run(), delayMs);
  }

  private run(): void {
    this.dueAt = Infinity;
    this.lastRunAt = Date.now();
    this.woken = false;
    this.running = this.work()
      .catch((error: unknown) => {
        this.onError(error);
        return 1;
      })
      .then((handled) => {
        this.running = undefined;
        this.schedule(handled > 0 || this.woken ? this.pace.busyMs : this.pace.idleMs);
      });
  }
}
