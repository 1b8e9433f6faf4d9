import type { Logger } from 'pino';

/**
 * Runs `work` now and then once an hour, for upkeep such as purging records past their retention.
 * A failure is logged and the next hour tries again; the timer does not keep the process up.
 * Returns the timer, for the owner to clear before its connection pool closes.
 */
export function everyHour(
  what: string,
  work: () => Promise<unknown>,
  logger: Logger,
): NodeJS.Timeout {
  const run = () =>
    void work().catch((error: unknown) =>
      logger.warn({ err: error }, `${what} failed; next hour again`),
    );
  run();
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  return timer;
}
