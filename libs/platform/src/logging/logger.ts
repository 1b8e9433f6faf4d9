import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import { traceFields, tracingEnabled } from '../tracing/tracing';
import { redactSecrets, redactText } from './redact';

/**
 * JSON logs. A line about a request carries its request id, tenant and actor: a handler logs
 * through its context's `log` (a child logger bound to them and to the subject or event), the
 * platform passes logFields(ctx); there is no AsyncLocalStorage to read them from (its cost,
 * docs/performance.md). With tracing on, the mixin adds the current span's trace and span ids.
 * Every line's fields and message have their secrets redacted (redact.ts), whoever logged them.
 */
export function createLogger(
  service: string,
  level: string,
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError },
    formatters: { log: (fields) => redactSecrets(fields) as Record<string, unknown> },
    ...(tracingEnabled() ? { mixin: traceFields } : {}),
    hooks: {
      logMethod(args, write) {
        write.apply(
          this,
          args.map((arg: unknown) =>
            typeof arg === 'string' ? redactText(arg) : arg,
          ) as Parameters<typeof write>,
        );
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest's own log lines (startup, route mapping) through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

/**
 * Errors as pino serialises them, less what must not reach a log: a failed query's parameters
 * (customer data, key hashes), the driver's copy of the same error, and any secret in the
 * message or stack.
 */
export function serializeError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  delete serialized['parameters'];
  delete serialized['driverError'];
  return redactSecrets(serialized) as Record<string, unknown>;
}
