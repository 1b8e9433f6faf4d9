import { build as histogram } from 'hdr-histogram-js';
import { Pool } from 'undici';
import type { ScenarioData, Side } from './scenarios';
import type { Run } from './verdict';

/** How often the scheduler looks for requests that have fallen due. */
const TICK_MS = 1;
/** After the run, how long requests still in flight may take before they count as errors. */
const DRAIN_MS = 10_000;

/**
 * Load at a fixed offered rate, open loop: request i falls due at start + i / rate whatever has
 * happened to the earlier ones, and its latency counts from when it fell due, so a stall shows in
 * the requests it held back too (no coordinated omission). `connections` caps the sockets; a due
 * request waits for a free one, and that wait is part of its latency.
 *
 * Why not autocannon's `overallRate`: it gives each connection a quota per second that the
 * connection sends back to back as each second starts, then idles. Its "fixed rate" is a burst
 * at saturation once a second, so the p99 it reports is a saturation p99 (and its correction for
 * coordinated omission assumes one request per millisecond). docs/performance.md, "Fixed rate".
 *
 * The first `warmupSeconds` go over the same connections and are not recorded: a fresh pool's
 * first second, while its connections open, held back hundreds of requests (the network's more
 * than the baseline's), a start-up transient that a separate warm-up on its own pool left in the
 * measurement. `onMeasuring` is called as the recorded part begins.
 */
export async function openLoop(options: {
  url: string;
  side: Side;
  data: ScenarioData;
  connections: number;
  seconds: number;
  rate: number;
  warmupSeconds?: number;
  onMeasuring?: () => void;
}): Promise<Run> {
  const { side, data, rate } = options;
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1 });
  const latencies = histogram({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000 });
  const warmup = Math.round(rate * (options.warmupSeconds ?? 0));
  const total = warmup + Math.round(rate * options.seconds);
  let sent = 0;
  let answered = 0;
  let errors = 0;
  let refused = 0;
  /** The request that waited longest, and when it fell due: where a stall began. */
  let slowest = { ms: 0, dueAt: 0 };
  const inFlight = new Set<Promise<void>>();

  const send = (dueAt: number, recorded: boolean): void => {
    const context: Record<string, unknown> = {};
    const request = side.request(data, context);
    const done = pool
      .request({
        method: (request.method ?? 'GET') as 'GET',
        path: request.path ?? '/',
        headers: request.headers ?? {},
        body: request.body ?? null,
      })
      .then(async (response) => {
        await response.body.dump();
        if (!recorded) return;
        const waited = performance.now() - dueAt;
        latencies.recordValue(Math.max(1, Math.round(waited * 1000)));
        if (waited > slowest.ms) slowest = { ms: waited, dueAt };
        answered++;
        if (side.refusals?.includes(response.statusCode)) refused++;
        else if (response.statusCode < 200 || response.statusCode > 299) errors++;
        side.answered?.(response.statusCode, context);
      })
      .catch(() => {
        if (recorded) errors++;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  const start = performance.now();
  const measuredFrom = start + (warmup * 1000) / rate;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.min(total, Math.floor((elapsed * rate) / 1000) + 1);
      for (; sent < due; sent++) {
        if (sent === warmup) options.onMeasuring?.();
        send(start + (sent * 1000) / rate, sent >= warmup);
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const drained = await Promise.race([
    Promise.all(inFlight).then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DRAIN_MS).unref()),
  ]);
  if (!drained) errors += inFlight.size;
  await pool.destroy();
  const elapsedSeconds = (performance.now() - measuredFrom) / 1000;
  const ms = (percentile: number) =>
    Math.round(latencies.getValueAtPercentile(percentile) / 100) / 10;
  return {
    rps: answered / elapsedSeconds,
    p50: ms(50),
    p99: ms(99),
    errors,
    refused,
    count: answered,
    slowest: {
      ms: Math.round(slowest.ms * 10) / 10,
      dueAfterSeconds: Math.round((slowest.dueAt - measuredFrom) / 100) / 10,
    },
  };
}
