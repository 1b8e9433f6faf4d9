import type { DescMessage, MessageInitShape } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import type { EventContract } from '@tf/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestContext } from '../context/request-context';
import { recordEvent } from '../events/outbox';

/** What a unit of work gets besides its input: who asked, and the transaction to work in. */
export interface HandlerContext extends RequestContext {
  manager: EntityManager;
  /** Records a domain event in the outbox, in this transaction. */
  emit<P extends DescMessage>(
    contract: EventContract<P>,
    payload: MessageInitShape<P>,
  ): Promise<string>;
}

/** A unit of work inside one center: the tenant is always present. */
export interface TenantHandlerContext extends HandlerContext {
  tenant: string;
}

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

  /**
   * One unit of work (a handled message, a sweep of one center): one transaction, row-level
   * security for the context's tenant, and events recorded in the same transaction.
   */
  unitOfWork<T>(request: RequestContext, fn: (ctx: HandlerContext) => Promise<T>): Promise<T> {
    const tenant = request.tenant;
    return this.transaction(tenant, (manager) =>
      fn({
        ...request,
        manager,
        emit: (event, payload) => {
          if (!tenant) throw new Error('an event needs a tenant: this unit of work has none');
          return recordEvent(
            manager,
            { schema: this.schema, tenant, requestId: request.requestId },
            event,
            payload,
          );
        },
      }),
    );
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
