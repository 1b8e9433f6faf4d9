import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { principalOf } from './principal';

/**
 * Per-client rate limit (API key or user; the address for anonymous calls such as login),
 * counted across all routes. Runs after the AuthGuard, which identifies the client. The window
 * is per gateway replica; see docs/decisions.md.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
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
}
