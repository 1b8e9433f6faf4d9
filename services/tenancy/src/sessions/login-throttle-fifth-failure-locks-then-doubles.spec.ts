import { decideAttempt, lockDurationMs } from './login-throttle';

const NOW = new Date('2026-11-26T08:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('login throttle: the fifth failure in a row locks, each further one doubles the lock', () => {
  it('lets the first four attempts through without a lock', () => {
    for (const failures of [0, 1, 2, 3]) {
      expect(decideAttempt({ failures, lockedUntil: null }, NOW)).toEqual({
        allowed: true,
        failures: failures + 1,
        lockedUntil: null,
      });
    }
  });

  it('lets the fifth through, but locks the account for 30 s should it fail', () => {
    expect(decideAttempt({ failures: 4, lockedUntil: null }, NOW)).toEqual({
      allowed: true,
      failures: 5,
      lockedUntil: later(30_000),
    });
  });

  it('refuses an attempt during the lock without counting it, saying when to retry', () => {
    expect(decideAttempt({ failures: 5, lockedUntil: later(12_300) }, NOW)).toEqual({
      allowed: false,
      retryAfterSeconds: 13,
    });
  });

  it('after the lock, counts the sixth failure and locks for 60 s', () => {
    expect(decideAttempt({ failures: 5, lockedUntil: later(-1) }, NOW)).toEqual({
      allowed: true,
      failures: 6,
      lockedUntil: later(60_000),
    });
  });

  it('doubles up to 15 minutes and stays there', () => {
    expect([5, 6, 7, 8, 9, 10, 11, 50].map(lockDurationMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000,
    ]);
  });
});
