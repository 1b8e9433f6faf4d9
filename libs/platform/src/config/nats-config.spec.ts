import { SecretEnv } from './env.decorators';
import { ConfigError, loadConfig } from './load-config';
import { PlatformConfig } from './platform.config';

/** A service with a secret of its own, to see how a rejected secret is reported. */
class SignerConfig extends PlatformConfig {
  @SecretEnv({ description: 'signing key', devDefault: 'dev-signing-key-0000', minLength: 16 })
  SIGNING_KEY = 'dev-signing-key-0000';
}

const PASSWORD_RULE =
  'NATS_PASSWORD must be 12+ characters, a letter first, then letters, digits, - and _ (nats-server reads it as a config value)';

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('NATS credentials and the events stream in the platform config', () => {
  it('connects without authentication by default (a developer machine, the tests)', () => {
    const config = loadConfig(PlatformConfig, {});
    expect(config.natsCredentials).toBeUndefined();
    expect(config.EVENTS_STREAM_REPLICAS).toBe(1);
  });

  it('takes NATS_USER and NATS_PASSWORD together', () => {
    const config = loadConfig(PlatformConfig, {
      NATS_USER: 'valuation',
      NATS_PASSWORD: 'a-long-enough-password',
    });
    expect(config.natsCredentials).toEqual({
      user: 'valuation',
      pass: 'a-long-enough-password',
    });
  });

  it('refuses a password without a user, naming NATS_USER and never echoing the password', () => {
    const message = configError(() =>
      loadConfig(PlatformConfig, { NATS_PASSWORD: 'a-long-enough-password' }),
    );
    expect(message).toBe(
      'NATS_USER must be a NATS user name (a-z, 0-9, - and _) and set together with NATS_PASSWORD (got "")',
    );
  });

  it('refuses a user without a password, or with a short one, giving only its length', () => {
    expect(configError(() => loadConfig(PlatformConfig, { NATS_USER: 'valuation' }))).toBe(
      `${PASSWORD_RULE} (got 0 characters)`,
    );
    const message = configError(() =>
      loadConfig(PlatformConfig, { NATS_USER: 'valuation', NATS_PASSWORD: 'hunter2' }),
    );
    expect(message).toBe(`${PASSWORD_RULE} (got 7 characters)`);
    expect(message).not.toContain('hunter2');
  });

  it.each([
    ['-starts-with-a-dash', 'a dash: nats-server fails to parse it'],
    ['12345678901234', 'digits: nats-server reads a number, not a password'],
    ['1e5abcdefghijk', 'a digit first: nats-server reads a number'],
    ['password with spaces', 'spaces: nats-server fails to parse it'],
    ['password#truncated', "'#': nats-server reads the rest as a comment"],
  ])('refuses NATS_PASSWORD=%s (%s), never echoing it', (password) => {
    const message = configError(() =>
      loadConfig(PlatformConfig, { NATS_USER: 'valuation', NATS_PASSWORD: password }),
    );
    expect(message).toBe(`${PASSWORD_RULE} (got ${password.length} characters)`);
  });

  it.each(['Valuation', 'val.uation', 'val uation', '*', '>'])(
    'refuses NATS_USER=%s: it is a token of the inbox subject _INBOX.<user>',
    (user) => {
      expect(
        configError(() =>
          loadConfig(PlatformConfig, { NATS_USER: user, NATS_PASSWORD: 'a-long-enough-password' }),
        ),
      ).toMatch(/^NATS_USER must be a NATS user name/);
    },
  );

  it('never echoes any rejected secret, the services own included', () => {
    const message = configError(() => loadConfig(SignerConfig, { SIGNING_KEY: 'short-key' }));
    expect(message).toBe('SIGNING_KEY must be at least 16 characters (got 9 characters)');
  });

  it.each([
    ['3', 3],
    ['5', 5],
  ])('takes EVENTS_STREAM_REPLICAS=%s', (value, replicas) => {
    expect(
      loadConfig(PlatformConfig, { EVENTS_STREAM_REPLICAS: value }).EVENTS_STREAM_REPLICAS,
    ).toBe(replicas);
  });

  it.each([
    ['0', 'EVENTS_STREAM_REPLICAS must not be less than 1 (got "0")'],
    ['6', 'EVENTS_STREAM_REPLICAS must not be greater than 5 (got "6")'],
    ['three', 'EVENTS_STREAM_REPLICAS must be a whole number, got "three"'],
  ])('refuses EVENTS_STREAM_REPLICAS=%s (JetStream keeps 1 to 5 copies)', (value, expected) => {
    expect(configError(() => loadConfig(PlatformConfig, { EVENTS_STREAM_REPLICAS: value }))).toBe(
      expected,
    );
  });
});
