import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { GatewayConfig } from '../config';
import { RateLimited, type RateLimitPolicy } from '../http/rate-limit-headers';

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
 * Fastify's `request.ip`: the socket's, or X-Forwarded-For only from TRUSTED_PROXIES.
 * Per gateway replica, like the per-client rate limit (docs/decisions.md).
 */
@Injectable()
export class FailureLimiter {
  private readonly windows = new LRUCache<string, Window>({ max: 100_000 });
  private readonly policy: RateLimitPolicy;

  constructor(config: GatewayConfig) {
    this.policy = {
      name: 'auth-failures',
      quota: config.AUTH_FAILURES_PER_MINUTE,
      windowSeconds: WINDOW_MS / 1000,
    };
  }

  /** 429 while this address is blocked. */
  assertAllowed(address: string, now = Date.now()): void {
    const window = this.windows.get(address);
    if (window && window.blockedUntil > now) throw this.blocked(window.blockedUntil - now);
  }

  /** Counts a failure; the one that crosses the limit is already a 429. */
  recordFailure(address: string, now = Date.now()): void {
    let window = this.windows.get(address);
    if (!window || window.endsAt <= now) {
      window = { failures: 0, endsAt: now + WINDOW_MS, blockedUntil: 0 };
      this.windows.set(address, window);
    }
    window.failures += 1;
    if (window.failures > this.policy.quota) {
      window.blockedUntil = now + WINDOW_MS;
      throw this.blocked(WINDOW_MS);
    }
  }

  private blocked(ms: number): RateLimited {
    return new RateLimited(
      this.policy,
      'too many failed authentications from this address; retry after the time in Retry-After',
      ms / 1000,
    );
  }
}
