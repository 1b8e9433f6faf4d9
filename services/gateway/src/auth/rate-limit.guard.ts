import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { GatewayConfig } from '../config';
import type { HttpReply, HttpRequest } from '../http/http-types';
import { RateLimited, rateLimitHeaders, type RateLimitPolicy } from '../http/rate-limit-headers';
import { principalOf } from './principal';

const WINDOW_SECONDS = 60;

/**
 * Per-client rate limit (API key or user; the address for anonymous calls such as login),
 * counted across all routes in a fixed one-minute window: one counter per client, so a request
 * costs the same however many came before it. Runs after the AuthGuard, which identifies the
 * client. The window is per gateway replica; see docs/decisions.md. Every answer carries the
 * IETF RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly policy: RateLimitPolicy;
  private readonly limiter: RateLimiterMemory;

  constructor(config: GatewayConfig) {
    this.policy = {
      name: 'default',
      quota: config.RATE_LIMIT_PER_MINUTE,
      windowSeconds: WINDOW_SECONDS,
    };
    this.limiter = new RateLimiterMemory({
      points: config.RATE_LIMIT_PER_MINUTE,
      duration: WINDOW_SECONDS,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const client = principalOf(request)?.clientId ?? `ip:${request.ip}`;
    try {
      const counted = await this.limiter.consume(client);
      http
        .getResponse<HttpReply>()
        .headers(
          rateLimitHeaders(this.policy, counted.remainingPoints, counted.msBeforeNext / 1000),
        );
      return true;
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      throw new RateLimited(
        this.policy,
        'too many requests for this client; retry after the time in Retry-After',
        refused.msBeforeNext / 1000,
      );
    }
  }
}
