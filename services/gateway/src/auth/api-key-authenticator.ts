import { hash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { CommonErrors, DomainError, ServiceClient } from '@tf/platform';
import { GatewayConfig } from '../config';
import { AuthenticationCache } from './authentication-cache';

/** The shape of every key the tenancy service issues: 40 random bytes, base64url. */
const API_KEY_SHAPE = /^[A-Za-z0-9_-]{54}$/;

/**
 * Resolves an X-API-Key through the tenancy service, caching the answer (or the refusal) for at
 * most API_KEY_CACHE_TTL_MS (≤ 5 s), which bounds how long a revoked key keeps working. A key
 * that cannot be one of ours is refused without a lookup. Keys are cached under their SHA-256,
 * never in clear.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache: AuthenticationCache<tenancy.ApiKeyPrincipal>;

  constructor(
    private readonly tenancy: ServiceClient,
    config: GatewayConfig,
  ) {
    this.cache = new AuthenticationCache(config.API_KEY_CACHE_TTL_MS);
  }

  async authenticate(key: string, requestId: string): Promise<tenancy.ApiKeyPrincipal> {
    if (!API_KEY_SHAPE.test(key)) {
      throw new DomainError(
        CommonErrors.INVALID_API_KEY,
        'the API key is not valid or has been revoked',
      );
    }
    // The one-shot hash: a Hash object per request cost twice as much.
    return this.cache.resolve(hash('sha256', key, 'base64'), () =>
      this.tenancy.request(TenancyRpc.authenticateApiKey, { key }, { requestId }),
    );
  }
}
