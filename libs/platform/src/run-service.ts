import { type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import type { PlatformConfig } from './config/platform.config';
import { timeHttpRequests } from './health/http-metrics';
import { PlatformMetrics } from './health/platform-metrics';
import { createLogger, PinoNestLogger } from './logging/logger';
import { installFastAsyncResourceBind } from './runtime/async-resource-bind';
import { collectWhenIdle } from './runtime/idle-collection';
import { missingNodeFlags } from './runtime/process-env';
import { traceHttpRequests } from './tracing/http-tracing';

/** How a service sets up its HTTP side: Fastify's server options, then anything on the app. */
export interface HttpSetup {
  options?: FastifyServerOptions;
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/**
 * Starts a service: its NATS handlers (RpcServer subscribes them as the application starts) and
 * its HTTP side on PORT (the API on the gateway, /health/live everywhere), on Fastify;
 * readiness and metrics are on MANAGEMENT_PORT (ManagementServer).
 * Signals are the process's business, not the application's: runMain stops it gracefully on
 * SIGTERM and Ctrl-C (graceful-shutdown.ts); a test closes it with app.close().
 */
export async function runService(
  module: DynamicModule,
  config: PlatformConfig,
  http: HttpSetup = {},
): Promise<NestFastifyApplication> {
  installFastAsyncResourceBind();
  const logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter(http.options),
    {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
      // No body parsers by default: the gateway adds the one it accepts (JSON), the others take none.
      bodyParser: false,
    },
  );
  timeHttpRequests(app.getHttpAdapter().getInstance(), app.get(PlatformMetrics));
  traceHttpRequests(app.getHttpAdapter().getInstance(), config.SERVICE_NAME);
  await http.configure?.(app);
  await app.listen(config.PORT, '0.0.0.0');
  const stopCollecting = collectWhenIdle((ms) =>
    logger.debug({ ms: Math.round(ms) }, 'collected the heap after a busy spell'),
  );
  app.getHttpServer().once('close', stopCollecting);
  logger.info({ port: config.PORT }, `${config.SERVICE_NAME} ready`);
  // Started by hand (`node main.js`) rather than by the image, `npm start` or the bench: it works,
  // but collects its heap in full far more often under load.
  const missing = missingNodeFlags(process.execArgv);
  if (config.isProduction && missing.length > 0)
    logger.warn(
      { missing },
      'started without the V8 flags of SERVICE_NODE_FLAGS (libs/platform/src/runtime/process-env.ts)',
    );
  return app;
}
