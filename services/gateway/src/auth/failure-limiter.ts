import { Injectable } from '@nestjs/common';
import { CommonErrors, tooManyAttempts } from '@tf/platform';
import { LRUCache } from 'lru-cache';
import { GatewayConfig } from '../config';

const WINDOW_MS = 60_000;

interface Window {
  failures: number;
  endsAt: number;
  blockedUntil: number;
}

/**
 * Failed authentications per client address: a made-up API key, a bad token, a wrong password.
 * Past AUTH_FAILURES_PER_MINUTE in a minute the address is refused with 429 for a minute,
 * before any lookup, so guessing keys or tokens costs the network nothing. The address is
 * Express's `request.ip`: the socket's, or X-Forwarded-For only from TRUSTED_PROXIES.
 * Per gateway replica, like the per-client rate limit (docs/decisions.md).
 */
@Injectable()
export class FailureLimiter {
  private readonly windows = new LRUCache<string, Window>({ max: 100_000 });
  private readonly limit: number;

  constructor(config: GatewayConfig) {
    this.limit = config.AUTH_FAILURES_PER_MINUTE;
  }

  /** 429 while this address is blocked. */
  assertAllowed(address: string, now = Date.now()): void {
    const window = this.windows.get(address);
    if (window && window.blockedUntil > now) throw blocked(window.blockedUntil - now);
  }

  /** Counts a failure; the one that crosses the limit is already a 429. */
  recordFailure(address: string, now = Date.now()): void {
    let window = this.windows.get(address);
    if (!window || window.endsAt <= now) {
      window = { failures: 0, endsAt: now + WINDOW_MS, blockedUntil: 0 };
      this.windows.set(address, window);
    }
    window.failures += 1;
    if (window.failures > this.limit) {
      window.blockedUntil = now + WINDOW_MS;
      throw blocked(WINDOW_MS);
    }
  }
}

function blocked(ms: number) {
  return tooManyAttempts(
    CommonErrors.AUTHENTICATION_FAILURES,
    'too many failed authentications from this address; retry after the time in Retry-After',
    ms / 1000,
  );
}
