import { IsInt, IsString, Min, MinLength } from 'class-validator';
import { describeEnvironment, Env } from './env.decorators';
import { ConfigError, loadConfig } from './load-config';
import { PlatformConfig } from './platform.config';

/** A service's configuration: base variables plus its own, validated and described alike. */
class ProbeConfig extends PlatformConfig {
  override SERVICE_NAME = 'probe';

  @Env({ description: 'how many probes run at once', devDefault: '4' })
  @IsInt()
  @Min(1)
  PROBE_CONCURRENCY = 4;

  @Env({
    description: 'secret the probe signs with',
    devDefault: 'dev-probe-secret',
    requiredInProduction: true,
  })
  @IsString()
  @MinLength(12)
  PROBE_SECRET = 'dev-probe-secret';
}

const PRODUCTION_BASE = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app:secret@db:5432/techfinance',
  DATABASE_MIGRATION_URL: 'postgres://owner:secret@db:5432/techfinance',
  NATS_URL: 'nats://nats:4222',
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: the environment, validated at boot', () => {
  it('loads the development defaults from an empty environment', () => {
    const config = loadConfig(PlatformConfig, {});
    expect(config).toBeInstanceOf(PlatformConfig);
    expect({ ...config }).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://tf_app:tf_app@127.0.0.1:5432/techfinance',
      DATABASE_MIGRATION_URL: 'postgres://tf_owner:tf_owner@127.0.0.1:5432/techfinance',
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_USER: '',
      NATS_PASSWORD: '',
      NATS_REQUEST_TIMEOUT_MS: 5000,
      EVENTS_STREAM_REPLICAS: 1,
      TENANT_CODES: '',
      PORT: 3000,
      MANAGEMENT_PORT: 9100,
      SERVICE_NAME: 'service',
      EVENT_MAX_ATTEMPTS: 5,
      EVENT_RETRY_BACKOFF_MS: 500,
      EVENT_ACK_WAIT_MS: 30000,
      OUTBOX_IDLE_POLL_MS: 5000,
    });
    expect(config.servedTenants).toBeNull();
    expect(config.natsServers).toEqual(['nats://127.0.0.1:4222']);
    expect(config.natsCredentials).toBeUndefined();
    expect(config.isProduction).toBe(false);
  });

  it('reads numbers as numbers and trims strings', () => {
    const config = loadConfig(PlatformConfig, {
      NATS_REQUEST_TIMEOUT_MS: ' 2500 ',
      PORT: '0',
      LOG_LEVEL: ' debug ',
    });
    expect(config.NATS_REQUEST_TIMEOUT_MS).toBe(2500);
    expect(config.PORT).toBe(0);
    expect(config.LOG_LEVEL).toBe('debug');
  });

  it('treats an empty variable as unset (keeps the default)', () => {
    expect(loadConfig(PlatformConfig, { NATS_URL: '', PORT: '' })).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      PORT: 3000,
    });
  });

  it('refuses a NATS_URL that is not nats://, in one line that starts with NATS_URL', () => {
    const error = configError(() =>
      loadConfig(PlatformConfig, { NATS_URL: 'http://127.0.0.1:4222' }),
    );
    expect(error.message).toBe(
      'NATS_URL must be one or more nats:// URLs, comma-separated (got "http://127.0.0.1:4222")',
    );
    expect(error.message).not.toContain('\n');
  });

  it('accepts several comma-separated NATS URLs and splits them', () => {
    const config = loadConfig(PlatformConfig, { NATS_URL: 'nats://a:4222,tls://b:4222' });
    expect(config.natsServers).toEqual(['nats://a:4222', 'tls://b:4222']);
  });

  it('refuses NATS_REQUEST_TIMEOUT_MS="abc", naming the variable and the value', () => {
    const error = configError(() => loadConfig(PlatformConfig, { NATS_REQUEST_TIMEOUT_MS: 'abc' }));
    expect(error.message).toBe('NATS_REQUEST_TIMEOUT_MS must be a whole number, got "abc"');
  });

  it.each([
    ['1.5', 'NATS_REQUEST_TIMEOUT_MS must be a whole number, got "1.5"'],
    ['50', 'NATS_REQUEST_TIMEOUT_MS must not be less than 100 (got "50")'],
    ['60001', 'NATS_REQUEST_TIMEOUT_MS must not be greater than 60000 (got "60001")'],
  ])('refuses NATS_REQUEST_TIMEOUT_MS=%s', (value, message) => {
    expect(
      configError(() => loadConfig(PlatformConfig, { NATS_REQUEST_TIMEOUT_MS: value })).message,
    ).toBe(message);
  });

  it('refuses an unknown NODE_ENV, naming it', () => {
    expect(configError(() => loadConfig(PlatformConfig, { NODE_ENV: 'staging' })).message).toMatch(
      /^NODE_ENV must be one of the following values: development, production, test \(got "staging"\)$/,
    );
  });

  it('in production refuses to start without DATABASE_URL, naming it and what it is for', () => {
    const { DATABASE_URL: _omitted, ...env } = PRODUCTION_BASE;
    const error = configError(() => loadConfig(PlatformConfig, env));
    expect(error.message).toBe(
      'DATABASE_URL is required when NODE_ENV=production (PostgreSQL URL of the runtime role (no BYPASSRLS); row-level security applies)',
    );
  });

  it('reads NODE_ENV="production " (a stray space from YAML) as production, with its requirements', () => {
    const { DATABASE_URL: _omitted, ...env } = PRODUCTION_BASE;
    const error = configError(() =>
      loadConfig(PlatformConfig, { ...env, NODE_ENV: 'production ' }),
    );
    expect(error.message).toMatch(/^DATABASE_URL is required when NODE_ENV=production/);
  });

  it('in production refuses an empty DATABASE_URL the same way', () => {
    const error = configError(() =>
      loadConfig(PlatformConfig, { ...PRODUCTION_BASE, DATABASE_URL: '' }),
    );
    expect(error.message.startsWith('DATABASE_URL is required when NODE_ENV=production')).toBe(
      true,
    );
  });

  it('in production starts when every required variable is set', () => {
    const config = loadConfig(PlatformConfig, PRODUCTION_BASE);
    expect(config.isProduction).toBe(true);
    expect(config.DATABASE_URL).toBe('postgres://app:secret@db:5432/techfinance');
  });

  it('outside production the same missing DATABASE_URL falls back to the development default', () => {
    const { DATABASE_URL: _omitted, ...env } = PRODUCTION_BASE;
    const config = loadConfig(PlatformConfig, { ...env, NODE_ENV: 'test' });
    expect(config.DATABASE_URL).toBe('postgres://tf_app:tf_app@127.0.0.1:5432/techfinance');
  });

  it('reads TENANT_CODES "jinan,liaocheng" as the served tenants (dedicated mode)', () => {
    const config = loadConfig(PlatformConfig, { TENANT_CODES: 'jinan,liaocheng' });
    expect(config.servedTenants).toEqual(['jinan', 'liaocheng']);
  });

  it('reads an empty TENANT_CODES as serving every tenant (shared mode)', () => {
    expect(loadConfig(PlatformConfig, { TENANT_CODES: '' }).servedTenants).toBeNull();
  });

  it.each(['Jinan', 'jinan,,liaocheng', 'jinan liaocheng', 'j'])(
    'refuses TENANT_CODES "%s", naming it',
    (value) => {
      expect(configError(() => loadConfig(PlatformConfig, { TENANT_CODES: value })).message).toBe(
        `TENANT_CODES must be comma-separated tenant codes, e.g. jinan,liaocheng (got "${value}")`,
      );
    },
  );
});

describe('a service configuration subclass', () => {
  it('keeps its own defaults and reads its own variables', () => {
    const config = loadConfig(ProbeConfig, { PROBE_CONCURRENCY: '8' });
    expect(config).toBeInstanceOf(ProbeConfig);
    expect(config.SERVICE_NAME).toBe('probe');
    expect(config.PROBE_CONCURRENCY).toBe(8);
    expect(config.PROBE_SECRET).toBe('dev-probe-secret');
  });

  it('validates its own variables', () => {
    expect(configError(() => loadConfig(ProbeConfig, { PROBE_CONCURRENCY: '0' })).message).toBe(
      'PROBE_CONCURRENCY must not be less than 1 (got "0")',
    );
    expect(configError(() => loadConfig(ProbeConfig, { PROBE_CONCURRENCY: 'many' })).message).toBe(
      'PROBE_CONCURRENCY must be a whole number, got "many"',
    );
    expect(configError(() => loadConfig(ProbeConfig, { PROBE_SECRET: 'short' })).message).toBe(
      'PROBE_SECRET must be longer than or equal to 12 characters (got "short")',
    );
  });

  it('still validates the base variables', () => {
    expect(configError(() => loadConfig(ProbeConfig, { NATS_URL: 'nope' })).message).toMatch(
      /^NATS_URL /,
    );
  });

  it('in production requires its own requiredInProduction variables', () => {
    expect(configError(() => loadConfig(ProbeConfig, PRODUCTION_BASE)).message).toBe(
      'PROBE_SECRET is required when NODE_ENV=production (secret the probe signs with)',
    );
    expect(
      loadConfig(ProbeConfig, { ...PRODUCTION_BASE, PROBE_SECRET: 'a-real-long-secret' })
        .PROBE_SECRET,
    ).toBe('a-real-long-secret');
  });
});

describe('describeEnvironment: the variables a configuration class reads', () => {
  const BASE = [
    ['NODE_ENV', false],
    ['LOG_LEVEL', false],
    ['DATABASE_URL', true],
    ['DATABASE_MIGRATION_URL', true],
    ['NATS_URL', true],
    ['NATS_USER', false],
    ['NATS_PASSWORD', false],
    ['NATS_REQUEST_TIMEOUT_MS', false],
    ['EVENTS_STREAM_REPLICAS', false],
    ['TENANT_CODES', false],
    ['PORT', false],
    ['MANAGEMENT_PORT', false],
    ['SERVICE_NAME', false],
    ['EVENT_MAX_ATTEMPTS', false],
    ['EVENT_RETRY_BACKOFF_MS', false],
    ['EVENT_ACK_WAIT_MS', false],
    ['OUTBOX_IDLE_POLL_MS', false],
  ];

  it('lists the base variables in declaration order with their requiredInProduction flags', () => {
    const specs = describeEnvironment(PlatformConfig);
    expect(specs.map((s) => [s.name, s.requiredInProduction])).toEqual(BASE);
    expect(specs.find((s) => s.name === 'NATS_URL')).toEqual({
      name: 'NATS_URL',
      description: 'NATS server URL(s), comma-separated',
      devDefault: 'nats://127.0.0.1:4222',
      requiredInProduction: true,
    });
    for (const spec of specs) expect(spec.description.length).toBeGreaterThan(0);
  });

  it("lists a subclass's variables after the base ones", () => {
    const specs = describeEnvironment(ProbeConfig);
    expect(specs.map((s) => [s.name, s.requiredInProduction])).toEqual([
      ...BASE,
      ['PROBE_CONCURRENCY', false],
      ['PROBE_SECRET', true],
    ]);
    expect(specs.at(-1)).toEqual({
      name: 'PROBE_SECRET',
      description: 'secret the probe signs with',
      devDefault: 'dev-probe-secret',
      requiredInProduction: true,
    });
  });

  it("does not leak a subclass's variables into the base class", () => {
    expect(describeEnvironment(PlatformConfig).map((s) => s.name)).not.toContain(
      'PROBE_CONCURRENCY',
    );
    expect(describeEnvironment(PlatformConfig)).toHaveLength(BASE.length);
  });

  it('describes nothing for a class without @Env fields', () => {
    class Plain {
      value = 1;
    }
    expect(describeEnvironment(Plain)).toEqual([]);
  });
});
