import { Injectable } from '@nestjs/common';
import { TenancyRpc } from '@tf/contracts';
import { ServiceClient } from '@tf/platform';
import { GatewayConfig } from '../config';

const REFRESH_MS = 10_000;

/**
 * Which centers exist (and, in dedicated mode, which this deployment serves), refreshed every
 * few seconds from the tenancy service so a new tenant is usable at once after a cache miss.
 */
@Injectable()
export class TenantDirectory {
  private known = new Set<string>();
  private loadedAt = 0;

  constructor(
    private readonly client: ServiceClient,
    private readonly config: GatewayConfig,
  ) {}

  async isServed(code: string, requestId: string): Promise<boolean> {
    const served = this.config.servedTenants;
    if (served && !served.includes(code)) return false;
    if (this.known.has(code) && Date.now() - this.loadedAt < REFRESH_MS) return true;
    const { items } = await this.client.request(TenancyRpc.listTenants, {}, { requestId });
    this.known = new Set(items.map((t) => t.code));
    this.loadedAt = Date.now();
    return this.known.has(code);
  }
}
