import { Injectable } from '@nestjs/common';
import { TenancyRpc, type tenancy } from '@tf/contracts';
import { ServiceClient } from '@tf/platform';
import { GatewayConfig } from '../config';
import { AuthenticationCache } from './authentication-cache';

/**
 * Whether a staff token's session still stands: asked of the tenancy service and cached for at
 * most API_KEY_CACHE_TTL_MS, the same bound as API keys, so a logout or a disabled user takes
 * effect within seconds while a busy client costs one lookup per window.
 */
@Injectable()
export class SessionChecker {
  private readonly cache: AuthenticationCache<tenancy.Session>;

  constructor(
    private readonly tenancy: ServiceClient,
    config: GatewayConfig,
  ) {
    this.cache = new AuthenticationCache(config.API_KEY_CACHE_TTL_MS);
  }

  async assertActive(sessionId: string, requestId: string): Promise<void> {
    await this.cache.resolve(sessionId, () =>
      this.tenancy.request(TenancyRpc.checkSession, { id: sessionId }, { requestId }),
    );
  }

  /** After a logout through this gateway: refused here at once, not after the window. */
  forget(sessionId: string): void {
    this.cache.forget(sessionId);
  }
}
