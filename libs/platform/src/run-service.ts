import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { PlatformConfig } from './config/platform.config';
import { createLogger, PinoNestLogger } from './logging/logger';
import { ProtoReplySerializer, ProtoRequestDeserializer } from './messaging/proto-serializers';

/**
 * Starts a service: its NATS handlers (queue group = service name, so replicas share requests)
 * and its HTTP side on PORT (the API on the gateway, /health/live everywhere); readiness and
 * metrics are on MANAGEMENT_PORT (ManagementServer).
 * Ctrl-C / SIGTERM close NATS, the pool and the HTTP server before the process exits.
 */
export async function runService(
  module: DynamicModule,
  config: PlatformConfig,
  configureHttp?: (app: INestApplication) => void | Promise<void>,
): Promise<INestApplication> {
  const logger = createLogger(config.SERVICE_NAME, config.LOG_LEVEL);
  const app = await NestFactory.create(module, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // No body parsers by default: the gateway adds the one it accepts (JSON), the others take none.
    bodyParser: false,
  });
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: {
        servers: config.natsServers,
        name: `${config.SERVICE_NAME}-handlers`,
        queue: config.SERVICE_NAME,
        serializer: new ProtoReplySerializer(),
        deserializer: new ProtoRequestDeserializer(),
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
      },
    },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await configureHttp?.(app);
  await app.startAllMicroservices();
  await app.listen(config.PORT, '0.0.0.0');
  logger.info({ port: config.PORT }, `${config.SERVICE_NAME} ready`);
  return app;
}
