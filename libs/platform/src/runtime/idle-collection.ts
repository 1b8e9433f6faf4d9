import { performance } from 'node:perf_hooks';

/**
 * A full collection once a process that was busy has gone quiet.
 *
 * The services let V8's old generation grow to three times its live size between full
 * collections (SERVICE_NODE_FLAGS), so that a loaded service does not stop for one every few
 * seconds, and they run without V8's memory reducer, whose collections at every lull threw away
 * their optimised code (process-env.ts). So a burst of work that ends before the old generation
 * reaches its limit would leave the process holding what it promoted while it idles: after
 * `npm run demo` the gateway held 210 MiB at rest with that growth, against 128 MiB with V8's own
 * (docs/performance.md, "Fewer full collections").
 * This collects once after each busy spell, the way the memory reducer would (V8's
 * "last resort": collections until nothing more is freed, the young generation shrunk), in the
 * background (concurrent marking).
 */
export interface IdleCollectionPlan {
  /** How often the event loop's utilisation is read. */
  everyMs: number;
  /** A reading at or above this was work worth collecting after. */
  busyUtilization: number;
  /** A reading below this is quiet. */
  quietUtilization: number;
  /** Quiet readings in a row before collecting. */
  quietReadings: number;
}

/**
 * A minute of quiet, not the 10-15 s it first was: a full collection of a quiet process throws
 * away the optimised code of whatever it was serving (V8 holds what that code embeds weakly), and
 * a lull of 15 s between bursts is ordinary, so each such lull cost the next burst seconds of
 * running unoptimised. A minute of quiet is rest; the memory goes back then.
 */
export const IDLE_COLLECTION: IdleCollectionPlan = {
  everyMs: 5_000,
  busyUtilization: 0.05,
  quietUtilization: 0.02,
  quietReadings: 12,
};

/** How long after its last busy reading a process at rest has collected: the bench waits this long. */
export function idleCollectionDelayMs(plan: IdleCollectionPlan = IDLE_COLLECTION): number {
  return plan.everyMs * (plan.quietReadings + 1);
}

export interface IdleCollectionState {
  /** Busy since the last collection. */
  worked: boolean;
  quiet: number;
}

/** Given one reading of the event loop's utilisation, the next state and whether to collect now. */
export function afterReading(
  state: IdleCollectionState,
  utilization: number,
  plan: IdleCollectionPlan = IDLE_COLLECTION,
): { state: IdleCollectionState; collect: boolean } {
  const worked = state.worked || utilization >= plan.busyUtilization;
  const quiet = utilization < plan.quietUtilization ? state.quiet + 1 : 0;
  if (worked && quiet >= plan.quietReadings)
    return { state: { worked: false, quiet: 0 }, collect: true };
  return { state: { worked, quiet }, collect: false };
}

type Collect = (options: {
  type: 'major';
  execution: 'async';
  flavor: 'last-resort';
}) => Promise<void>;

/**
 * Starts watching, when the process runs with `--expose-gc` (SERVICE_NODE_FLAGS); without it
 * (a test, a service started by hand) it does nothing. Returns the function that stops it.
 */
export function collectWhenIdle(
  onCollect: (ms: number) => void = () => undefined,
  plan: IdleCollectionPlan = IDLE_COLLECTION,
): () => void {
  const collect = (globalThis as { gc?: Collect }).gc;
  if (typeof collect !== 'function') return () => undefined;
  // Starting up is work too: what it allocated is collected after the first minute of quiet
  // (with the memory reducer off, nothing else would).
  let state: IdleCollectionState = { worked: true, quiet: 0 };
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const next = afterReading(state, performance.eventLoopUtilization(now, last).utilization, plan);
    last = now;
    state = next.state;
    if (!next.collect) return;
    const started = performance.now();
    void collect({ type: 'major', execution: 'async', flavor: 'last-resort' }).then(() =>
      onCollect(performance.now() - started),
    );
  }, plan.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
