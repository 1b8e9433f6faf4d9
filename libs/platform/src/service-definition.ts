import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { loadConfigOrExit } from './config/load-config';
import type { PlatformConfig } from './config/platform.config';
import { PlatformModule, type ServiceModuleDefinition } from './platform.module';
import { LOGGER } from './logging/logger.token';
import { runService, type HttpSetup } from './run-service';
import { exitGracefullyOnSignals } from './shutdown/graceful-shutdown';
import { startTracingFromEnv } from './tracing/tracing';

/**
 * What a service is, in one object exported from services/<name>/src/service.ts: its
 * configuration class, its root module and any HTTP setup. main.ts runs it; the end-to-end tests
 * and `npm start` find every service by that file, so a new service joins by adding its folder.
 */
export interface ServiceDefinition<C extends PlatformConfig = PlatformConfig> {
  name: string;
  config: new () => C;
  module: (config: C) => DynamicModule;
  /** Its HTTP side, when it serves more than /health/live (the gateway). */
  http?: (config: C) => HttpSetup;
}

export function defineService<C extends PlatformConfig>(
  definition: ServiceDefinition<C>,
): ServiceDefinition<C> {
  return definition;
}

/** What a domain service is made of; the platform builds its root module around it. */
export interface DomainServiceParts<C extends PlatformConfig>
  extends Omit<ServiceModuleDefinition, 'config' | 'schema'> {
  /** Its configuration; SERVICE_NAME's default names the service and its PostgreSQL schema. */
  config: new () => C;
  /** Its NATS handlers (rpcHandlers) and any other controllers. */
  handlers: Type[];
  /** Its use cases and whatever they need. */
  providers: Provider[];
}

/**
 * A domain service from its parts: the PlatformModule (config, database and migrations, NATS,
 * outbox, inbox, policy, health and metrics) plus its own handlers and use cases. The service
 * writes only what is its own; the frame is here once.
 */
export function domainService<C extends PlatformConfig>(
  parts: DomainServiceParts<C>,
): ServiceDefinition<C> {
  const { config: configClass, handlers, providers, ...database } = parts;
  const name = new configClass().SERVICE_NAME;
  class ServiceModule {}
  // Named for Nest's logs and errors: ValuationModule.
  const moduleName = `${name.charAt(0).toUpperCase()}${name.slice(1)}Module`;
  Object.defineProperty(ServiceModule, 'name', { value: moduleName });
  Module({})(ServiceModule);
  return {
    name,
    config: configClass,
    module: (config) => ({
      module: ServiceModule,
      imports: [PlatformModule.forService({ config, schema: name, ...database })],
      providers: [...handlers, ...providers],
    }),
  };
}

/**
 * The body of every main.ts: validated config or exit 1, tracing if OTEL_EXPORTER_OTLP_ENDPOINT
 * is set (before the module is built, so its logger and clients see it), then run until SIGTERM
 * or Ctrl-C, which stop it gracefully and exit 0.
 */
export function runMain<C extends PlatformConfig>(definition: ServiceDefinition<C>): void {
  const config = loadConfigOrExit(definition.config);
  const tracing = startTracingFromEnv(process.env, config.SERVICE_NAME);
  runService(definition.module(config), config, definition.http?.(config)).then(
    (app) =>
      exitGracefullyOnSignals(app, app.get(LOGGER), () => tracing?.shutdown() ?? Promise.resolve()),
    (error: unknown) => {
      process.stderr.write(
        `${definition.name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
