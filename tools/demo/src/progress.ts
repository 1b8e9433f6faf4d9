/**
 * One line of progress on stderr, redrawn at most ten times a second on a terminal (and a
 * plain line every 5 s otherwise): the planned steps done, the requests sent and their rate,
 * the time so far and what is running.
 */
export class Progress {
  private total = 0;
  private done = 0;
  private readonly started = Date.now();
  private lastDraw = 0;
  private readonly phases = new Map<string, string>();
  private readonly tty: boolean;

  constructor(
    private readonly requests: () => number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  plan(steps: number): void {
    this.total += steps;
    this.draw();
  }

  tick(steps = 1): void {
    this.done += steps;
    this.draw();
  }

  /** What a center is doing now (`jinan: valuations`). */
  phase(center: string, what: string): void {
    this.phases.set(center, what);
    this.draw(true);
  }

  /** A line above the bar (a warning, a step's result). */
  log(line: string): void {
    if (this.tty) this.stream.write(`\r\x1b[2K${line}\n`);
    else this.stream.write(`${line}\n`);
    this.draw(true);
  }

  finish(): void {
    if (this.tty) this.stream.write(`\r\x1b[2K${this.line((this.stream.columns ?? 100) - 1)}\n`);
    else this.stream.write(`${this.line(160)}\n`);
  }

  get seconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  line(width = 100): string {
    const ratio = this.total === 0 ? 0 : Math.min(1, this.done / this.total);
    const cells = 24;
    const full = Math.round(ratio * cells);
    const bar = `${'█'.repeat(full)}${'░'.repeat(cells - full)}`;
    const seconds = this.seconds;
    const rate = seconds > 0 ? Math.round(this.requests() / seconds) : 0;
    const clock = `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
    const phases = [...this.phases].map(([center, what]) => `${center} ${what}`).join(' · ');
    const text =
      `${bar} ${String(Math.round(ratio * 100)).padStart(3)}% ${this.done}/${this.total} steps` +
      ` · ${this.requests()} req ${rate}/s · ${clock} · ${phases}`;
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  }

  private draw(force = false): void {
    const now = Date.now();
    if (this.tty) {
      if (!force && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      this.stream.write(`\r\x1b[2K${this.line((this.stream.columns ?? 100) - 1)}`);
    } else if (now - this.lastDraw >= 5000) {
      this.lastDraw = now;
      this.stream.write(`${this.line(160)}\n`);
    }
  }
}
