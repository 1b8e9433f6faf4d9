import { DomainError } from '@tf/platform';
import { GatewayConfig } from '../config';
import { problemHeaders } from '../http/problem';
import { FailureLimiter } from './failure-limiter';

function limiter(limit: number): FailureLimiter {
  const config = new GatewayConfig();
  config.AUTH_FAILURES_PER_MINUTE = limit;
  return new FailureLimiter(config);
}

function thrown(fn: () => void): DomainError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return undefined;
}

describe('FailureLimiter: failed authentications per client address', () => {
  const t0 = 1_800_000_000_000;

  it('counts up to the limit, then answers 429 for a minute with Retry-After', () => {
    const failures = limiter(3);
    for (let i = 0; i < 3; i++)
      expect(thrown(() => failures.recordFailure('203.0.113.7', t0 + i))).toBeUndefined();
    const crossed = thrown(() => failures.recordFailure('203.0.113.7', t0 + 3));
    expect([crossed?.status, crossed?.options.retryAfterSeconds, crossed?.type]).toEqual([
      429,
      60,
      'rate-limited',
    ]);
    expect(problemHeaders(crossed)).toEqual({
      'ratelimit-policy': '"auth-failures";q=3;w=60',
      ratelimit: '"auth-failures";r=0;t=60',
      'retry-after': '60',
    });
    expect(
      thrown(() => failures.assertAllowed('203.0.113.7', t0 + 30_000))?.options.retryAfterSeconds,
    ).toBe(31);
    expect(thrown(() => failures.assertAllowed('203.0.113.7', t0 + 60_004))).toBeUndefined();
  });

  it('keeps addresses apart', () => {
    const failures = limiter(1);
    failures.recordFailure('203.0.113.7', t0);
    expect(thrown(() => failures.recordFailure('203.0.113.7', t0))?.status).toBe(429);
    expect(thrown(() => failures.assertAllowed('203.0.113.8', t0))).toBeUndefined();
  });

  it('starts a new count when the minute is over', () => {
    const failures = limiter(2);
    failures.recordFailure('a', t0);
    failures.recordFailure('a', t0 + 1);
    expect(thrown(() => failures.recordFailure('a', t0 + 60_001))).toBeUndefined();
  });
});
