import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { rateLimitHeaders } from '../http/rate-limit-headers';
import { principalOf } from './principal';

/**
 * Per-client rate limit (API key or user; the address for anonymous calls such as login),
 * counted across all routes. Runs after the AuthGuard, which identifies the client. The window
 * is per gateway replica; see docs/decisions.md. Answers carry the IETF RateLimit-Policy and
 * RateLimit fields (draft-ietf-httpapi-ratelimit-headers) instead of the X-RateLimit-* ones.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly remaining = new WeakMap<object, number>();

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = principalOf(request as unknown as Request);
    return principal?.clientId ?? `ip:${String((request as unknown as Request).ip)}`;
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttler: string,
  ): string {
    return `${throttler}:${tracker}`;
  }

  /** The throttler reports limit, remaining and reset (or Retry-After) in that order. */
  protected override setResponseHeader(res: Response, name: string, value: number | string): void {
    const quota = this.throttlers[0]?.limit;
    const windowMs = this.throttlers[0]?.ttl;
    if (typeof quota !== 'number' || typeof windowMs !== 'number') return;
    const policy = { name: 'default', quota, windowSeconds: windowMs / 1000 };
    if (name === 'X-RateLimit-Remaining') this.remaining.set(res, Number(value));
    const headers =
      name === 'X-RateLimit-Reset'
        ? rateLimitHeaders(policy, this.remaining.get(res) ?? 0, Number(value))
        : name === 'Retry-After'
          ? { ...rateLimitHeaders(policy, 0, Number(value)), 'retry-after': String(value) }
          : {};
    for (const [header, text] of Object.entries(headers)) res.setHeader(header, text);
  }
}
