import type { DynamicModule, INestApplication } from '@nestjs/common';
import { loadConfigOrExit } from './config/load-config';
import type { PlatformConfig } from './config/platform.config';
import { runService } from './run-service';

/**
 * What a service is, in one object exported from services/<name>/src/service.ts: its
 * configuration class, its root module and any HTTP setup. main.ts runs it; the end-to-end tests
 * and `npm start` find every service by that file, so a new service joins by adding its folder.
 */
export interface ServiceDefinition<C extends PlatformConfig = PlatformConfig> {
  name: string;
  config: new () => C;
  module: (config: C) => DynamicModule;
  configureHttp?: (app: INestApplication) => void | Promise<void>;
}

export function defineService<C extends PlatformConfig>(
  definition: ServiceDefinition<C>,
): ServiceDefinition<C> {
  return definition;
}

/** The body of every main.ts: validated config or exit 1, then run until Ctrl-C or SIGTERM. */
export function runMain<C extends PlatformConfig>(definition: ServiceDefinition<C>): void {
  const config = loadConfigOrExit(definition.config);
  runService(definition.module(config), config, definition.configureHttp).catch(
    (error: unknown) => {
      process.stderr.write(
        `${definition.name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
