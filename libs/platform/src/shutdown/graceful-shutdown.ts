import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { HealthService } from '../health/health.service';

/**
 * How long a shutdown may take before the process gives up and exits 1: under Kubernetes'
 * default terminationGracePeriodSeconds (30 s), so the pod exits on its own, not by SIGKILL.
 */
export const SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * Stops a service without dropping work, in this order:
 * 1. readiness goes red (/health/ready 503), so no new traffic is routed here;
 * 2. the HTTP server stops listening (new connections are refused; a request on a kept-alive
 *    connection gets 503) and the requests under way finish;
 * 3. Nest's shutdown: the NATS subscriptions drain and the requests under way are answered
 *    (RpcServer), the outbox relay finishes its batch and the inbox consumers stop pulling and
 *    finish what they hold (an event is acknowledged only after its commit, so one not handled
 *    is delivered again), then the NATS connection drains and the pool closes.
 */
export async function shutDownGracefully(app: INestApplication): Promise<void> {
  app.get(HealthService).stopTakingTraffic();
  // Fastify's close stops listening, ends the idle keep-alive connections and waits for the
  // rest; a connection whose request finishes meanwhile turns idle and would be kept until its
  // keep-alive timeout (5 s), so idle ones are ended again until the server has closed.
  const server = app.getHttpServer() as Server;
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  try {
    await (app.getHttpAdapter().getInstance() as { close(): Promise<void> }).close();
  } finally {
    clearInterval(sweep);
  }
  await app.close();
}

/**
 * The process's SIGTERM and SIGINT: one graceful shutdown, then `after` (the traces' last
 * export), then exit 0; exit 1 if it failed or outlived SHUTDOWN_DEADLINE_MS. A second signal
 * while it runs changes nothing.
 */
export function exitGracefullyOnSignals(
  app: INestApplication,
  logger: Logger,
  after: () => Promise<void> = () => Promise.resolve(),
  deadlineMs = SHUTDOWN_DEADLINE_MS,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const began = Date.now();
    logger.info(
      { signal },
      'shutting down: not ready, taking no new work, finishing what is under way',
    );
    setTimeout(() => {
      logger.error({ deadlineMs }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, deadlineMs).unref();
    shutDownGracefully(app)
      .then(after)
      .then(
        () => {
          logger.info({ ms: Date.now() - began }, 'shut down');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
