/**
 * Flags every service process starts with, wherever it runs, on its command line: Node refuses
 * the V8 one in NODE_OPTIONS, and the others are for this process, not for any it starts. The
 * Dockerfile's CMD (checked by tools/deploy/deployment.spec.ts), `npm start` and both sides of the
 * bench put them before the script.
 */
export const SERVICE_NODE_FLAGS = [
  /**
   * After each full collection V8 lets the old generation grow to its live size times a factor it
   * works out from its own speed against the program's, and under steady load that came to about
   * 1.2 in the gateway: 37 MB live, the next mark-compact at 45 MB, one every 7-8 s at 1,675
   * reads/s. Each was a pause of 7-10 ms after a concurrent marking that took the two cores, and
   * each left 100-160 requests behind it: the whole of the p99 at a fixed rate. A fixed factor of
   * 3 spaces them out past a minute at that rate of reads (about half a minute for writes). What
   * a burst leaves behind is collected once the process goes quiet (`collectWhenIdle`), so the
   * resident size at rest did not change (docs/performance.md, "Fewer full collections").
   */
  '--heap-growing-percent=200',
  /** For `collectWhenIdle` (idle-collection.ts): one full collection after a busy spell. */
  '--expose-gc',
  /**
   * V8's memory reducer collects in full once allocation has been low for about 8 s. Each full
   * collection of a quiet service threw away the optimised code of its whole request path:
   * TurboFan embeds the maps and objects of the code it compiles weakly, and with no request in
   * flight none of them was alive, so 90-120 functions of credit's loan read (pg's parser,
   * decimal.js, the NATS codec, the handler) were deoptimised at once. The next burst ran them
   * unoptimised while V8 compiled them again: 3-6 s with latencies near a second at half the
   * baseline's rate, every time a lull of 10 s or more came before it. Without the reducer, a
   * quiet service collects in full once, after a minute of quiet (`collectWhenIdle`), not at
   * every lull (docs/performance.md, "Lulls that cost the optimised code").
   */
  '--no-memory-reducer',
] as const;

/**
 * The environment every service process runs with, wherever it runs: the Dockerfile's runtime
 * stage (checked by tools/deploy/deployment.spec.ts), `npm start` and the bench, which gives the
 * same to its baseline so that both sides run on the same runtime (docs/performance.md, "Memory").
 */
export const SERVICE_PROCESS_ENV = {
  /** A young generation of 8 MB instead of 16: about 25 MB less resident per idle process. */
  NODE_OPTIONS: '--max-semi-space-size=8',
  /**
   * glibc's malloc raises its mmap threshold to the size of the largest block freed, up to 32 MB.
   * A password's scrypt takes 16 MiB on a libuv thread; after the first, every later one came
   * from that thread's arena and stayed resident when freed: tenancy held 4 × 16 MiB (one per
   * pool thread) once a few staff had logged in, 160-170 MiB at rest instead of 100-110. A fixed
   * threshold turns the adjustment off. At glibc's own starting value (128 KiB) rather than
   * 4 MiB, blocks between the two are mapped and given back too instead of left in the arenas:
   * 6-10 MiB less per service at rest (gateway 114 → 104 MiB), with no change in throughput
   * measured (docs/performance.md, "Memory").
   */
  MALLOC_MMAP_THRESHOLD_: '131072',
  /** With the threshold fixed, the trim threshold no longer follows it: kept at the same size. */
  MALLOC_TRIM_THRESHOLD_: '131072',
} as const;

/** The flags of SERVICE_NODE_FLAGS this process was started without. */
export function missingNodeFlags(execArgv: readonly string[]): string[] {
  return SERVICE_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
}
