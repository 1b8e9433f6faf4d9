import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { ServiceClient } from '@tf/platform';
import { LRUCache } from 'lru-cache';
import { GatewayConfig } from '../config';

/**
 * Resolves an X-API-Key through the tenancy service, caching the answer briefly: at most
 * API_KEY_CACHE_TTL_MS (≤ 5 s), which bounds how long a revoked key keeps working. Keys are
 * cached under their SHA-256, never in clear; failures are not cached.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache: LRUCache<string, tenancy.ApiKeyPrincipal> | undefined;

  constructor(
    private readonly tenancy: ServiceClient,
    config: GatewayConfig,
  ) {
    this.cache =
      config.API_KEY_CACHE_TTL_MS > 0
        ? new LRUCache({ max: 10_000, ttl: config.API_KEY_CACHE_TTL_MS })
        : undefined;
  }

  async authenticate(key: string, requestId: string): Promise<tenancy.ApiKeyPrincipal> {
    const cacheKey = createHash('sha256').update(key).digest('base64');
    const cached = this.cache?.get(cacheKey);
    if (cached) return cached;
    const principal = await this.tenancy.request(
      TenancyRpc.authenticateApiKey,
      { key },
      { requestId },
    );
    this.cache?.set(cacheKey, principal);
    return principal;
  }
}
