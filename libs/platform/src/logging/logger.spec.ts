import { QueryFailedError } from 'typeorm';
import { createLogger, serializeError } from './logger';

describe('error logging', () => {
  it("keeps a failed query's message and SQL but never its parameters", () => {
    const error = new QueryFailedError(
      'INSERT INTO t (secret) VALUES ($1)',
      ['s3cr3t-hash'],
      new Error('permission denied for table t'),
    );
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain('permission denied for table t');
    expect(logged).toContain('INSERT INTO t');
    expect(logged).not.toContain('s3cr3t-hash');
  });
});

describe('secrets never reach a log line', () => {
  const apiKey = 'Q'.repeat(20) + '-_' + 'z9'.repeat(16);
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXBhcnQ';

  function linesOf(write: (logger: ReturnType<typeof createLogger>) => void): string {
    const lines: string[] = [];
    const logger = createLogger('probe', 'debug', { write: (line: string) => lines.push(line) });
    write(logger);
    return lines.join('');
  }

  it('redacts secret fields at any depth: passwords, tokens, API keys, Authorization and cookies', () => {
    const logged = linesOf((logger) =>
      logger.warn(
        {
          password: 'hunter2-password',
          body: { newPassword: 'n3w-password', nested: { accessToken: jwt } },
          headers: { authorization: 'Bearer abc.def', 'x-api-key': apiKey, cookie: 'sid=s3ss' },
          apiKey,
          apiKeyId: 'kept-id',
          tokens: 3,
        },
        'a line with fields',
      ),
    );
    for (const secret of ['hunter2-password', 'n3w-password', jwt, 'abc.def', apiKey, 'sid=s3ss'])
      expect(logged).not.toContain(secret);
    expect(logged).toContain('[redacted]');
    expect(logged).toContain('kept-id');
    expect(logged).toContain('"tokens":3');
  });

  it('redacts a bearer token, a JWT or an API key written into a message or an error', () => {
    const logged = linesOf((logger) => {
      logger.error(`refused Authorization: Bearer ${jwt} for key ${apiKey}`);
      logger.error({ err: new Error(`bad key ${apiKey} and token ${jwt}`) }, 'failed');
    });
    expect(logged).not.toContain(apiKey);
    expect(logged).not.toContain(jwt);
    expect(logged).toContain('bad key [redacted]');
    expect(logged).toContain('refused Authorization: Bearer [redacted]');
  });

  it('keeps what is not a secret: ids, hashes, amounts', () => {
    const hash = 'a'.repeat(64);
    const logged = linesOf((logger) =>
      logger.info({ requestId: '01a23b0f-25c1-701c-bc41-159be3d1e5d9', hash, amount: '100.00' }),
    );
    expect(logged).toContain('01a23b0f-25c1-701c-bc41-159be3d1e5d9');
    expect(logged).toContain(hash);
    expect(logged).toContain('100.00');
  });
});
