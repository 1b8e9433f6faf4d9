import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describeEnvironment } from './env.decorators';

export class ConfigError extends Error {}

/**
 * Builds a validated configuration from the environment. Unset variables keep the class's
 * development default, except in production where every variable marked requiredInProduction
 * must be set. The error names the first bad variable in one line.
 */
export function loadConfig<T extends object>(
  configClass: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const config = new configClass();
  // Trimmed like every other value: "production " from a YAML file is still production.
  const isProduction =
    (env['NODE_ENV']?.trim() || (config as { NODE_ENV?: string }).NODE_ENV) === 'production';
  const raw: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  for (const spec of describeEnvironment(configClass)) {
    const value = env[spec.name];
    if (value === undefined || value === '') {
      if (isProduction && spec.requiredInProduction) {
        throw new ConfigError(
          `${spec.name} is required when NODE_ENV=production (${spec.description})`,
        );
      }
      continue;
    }
    const current = (config as Record<string, unknown>)[spec.name];
    if (typeof current === 'number') {
      if (!/^-?\d+$/.test(value.trim())) {
        throw new ConfigError(`${spec.name} must be a whole number, got "${value}"`);
      }
      raw[spec.name] = Number(value);
    } else {
      raw[spec.name] = value.trim();
    }
  }
  const instance = plainToInstance(configClass, raw);
  const [first] = validateSync(instance, { skipMissingProperties: false });
  if (first) {
    const message = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    const sentence = message.startsWith(first.property) ? message : `${first.property} ${message}`;
    // A rejected password or key is still (nearly) the real one: its length, never its text.
    const secret = describeEnvironment(configClass).some(
      (spec) => spec.name === first.property && spec.secret,
    );
    const got = secret
      ? `${String(first.value ?? '').length} characters`
      : `"${String(first.value)}"`;
    throw new ConfigError(`${sentence} (got ${got})`);
  }
  return instance;
}

/** For main.ts: a bad configuration prints one line naming the variable and exits 1. */
export function loadConfigOrExit<T extends object>(configClass: new () => T): T {
  try {
    return loadConfig(configClass);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
