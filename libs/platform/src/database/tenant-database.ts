import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The runtime role's connection pool. Every unit of work is one transaction; a tenant-scoped one
 * sets app.tenant_id with set_config(..., true), which lasts only until COMMIT or ROLLBACK, so a
 * pooled connection never carries one request's tenant into the next (a session-level SET would).
 */
@Injectable()
export class TenantDatabase {
  constructor(
    readonly dataSource: DataSource,
    readonly schema: string,
  ) {}

  /** Runs fn in one transaction; with a tenant, row-level security shows and accepts only its rows. */
  async transaction<T>(
    tenant: string | undefined,
    fn: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      if (tenant) {
        await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      }
      return fn(manager);
    });
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
