import { CommonErrors, DomainError } from '@tf/platform';

/** A rate limit as draft-ietf-httpapi-ratelimit-headers names it: a quota per window. */
export interface RateLimitPolicy {
  name: string;
  quota: number;
  windowSeconds: number;
}

/**
 * The IETF RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers-09):
 * `RateLimit-Policy: "default";q=600;w=60` and `RateLimit: "default";r=12;t=30`, so a client
 * sees its quota, what is left and when it refills, before it meets a 429.
 */
export function rateLimitHeaders(
  policy: RateLimitPolicy,
  remaining: number,
  resetSeconds: number,
): Record<string, string> {
  return {
    'ratelimit-policy': `"${policy.name}";q=${policy.quota};w=${Math.ceil(policy.windowSeconds)}`,
    ratelimit: `"${policy.name}";r=${Math.max(0, remaining)};t=${Math.max(0, Math.ceil(resetSeconds))}`,
  };
}

/** A 429 of a gateway limit: its problem carries Retry-After and the RateLimit fields. */
export class RateLimited extends DomainError {
  constructor(
    readonly policy: RateLimitPolicy,
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(CommonErrors.AUTHENTICATION_FAILURES, detail, {
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
    });
  }

  get headers(): Record<string, string> {
    return rateLimitHeaders(this.policy, 0, this.retryAfterSeconds);
  }
}
