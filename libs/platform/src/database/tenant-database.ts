import type { DescMessage, MessageInitShape } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import type { EventContract } from '@tf/contracts';
import {
  DataSource,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
  type Repository,
} from 'typeorm';
import type { RequestContext } from '../context/request-context';
import { recordEvent } from '../events/outbox';
import { TenantRepository, type TenantOwned } from './tenant-repository';

/**
 * How service code touches the database: inside a short transaction of one center, through
 * repositories that carry the center's predicate themselves. There is no raw EntityManager here
 * (a lint rule keeps service code from reaching for one), and row-level security stands behind
 * the repositories as the second lock.
 */
export interface TenantReads extends RequestContext {
  readonly tenant: string;
  /** The center's rows of an entity. */
  rows<E extends TenantOwned>(entity: EntityTarget<E>): TenantRepository<E>;
  /**
   * SQL the repositories cannot say (a SECURITY DEFINER function, a platform table). Row-level
   * security applies; a tenant predicate written here by hand is refused by lint.
   */
  sql<T = unknown>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface TenantWrites extends TenantReads {
  /** Records a domain event in the outbox, in this transaction: it exists if the change does. */
  emit<P extends DescMessage>(
    contract: EventContract<P>,
    payload: MessageInitShape<P>,
  ): Promise<string>;
  /**
   * Queues other transactions that lock the same key (within this center) until this one ends:
   * for races a unique index cannot close alone, such as "replace the pending one, then insert".
   */
  lock(...key: string[]): Promise<void>;
}

/** Before or across centers (logins, the list of centers): platform tables only. */
export interface PlatformWrites extends RequestContext {
  table<E extends ObjectLiteral>(entity: EntityTarget<E>): Repository<E>;
  sql<T = unknown>(text: string, params?: unknown[]): Promise<T[]>;
  /** An event about one center, recorded in this transaction. */
  emit<P extends DescMessage>(
    contract: EventContract<P>,
    payload: MessageInitShape<P>,
    tenant: string,
  ): Promise<string>;
}
export type PlatformReads = Omit<PlatformWrites, 'emit'>;

type TenantRequest = RequestContext & { tenant: string };

/**
 * The runtime role's connection pool. Each read or unit of work is one transaction; a
 * tenant-scoped one sets app.tenant_id with set_config(..., true), which lasts only until COMMIT
 * or ROLLBACK, so a pooled connection never carries one request's tenant into the next (a
 * session-level SET would). Reads are read-only transactions.
 */
@Injectable()
export class TenantDatabase {
  constructor(
    readonly dataSource: DataSource,
    readonly schema: string,
  ) {}

  /** Reads of one center, in a short read-only transaction. */
  read<T>(request: TenantRequest, work: (tx: TenantReads) => Promise<T>): Promise<T> {
    return this.transaction(request.tenant, (manager) => work(this.tenantReads(manager, request)), {
      readOnly: true,
    });
  }

  /** Writes and events of one center, in one transaction. */
  unitOfWork<T>(request: TenantRequest, work: (tx: TenantWrites) => Promise<T>): Promise<T> {
    return this.transaction(request.tenant, (manager) => work(this.tenantWrites(manager, request)));
  }

  /** Work on platform tables, in one transaction with no center set (tenant rows are invisible). */
  platformWork<T>(request: RequestContext, work: (tx: PlatformWrites) => Promise<T>): Promise<T> {
    return this.transaction(undefined, (manager) => work(this.platformWrites(manager, request)));
  }

  /** The writes of an already open transaction (the inbox's, which also records the event). */
  tenantWrites(manager: EntityManager, request: TenantRequest): TenantWrites {
    return {
      ...this.tenantReads(manager, request),
      emit: (contract, payload) =>
        recordEvent(
          manager,
          { schema: this.schema, tenant: request.tenant, requestId: request.requestId },
          contract,
          payload,
        ),
      lock: async (...key) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          [this.schema, request.tenant, ...key].join('|'),
        ]);
      },
    };
  }

  /**
   * The platform's own plumbing (outbox relay, inbox, idempotency records): one transaction, the
   * tenant's row-level security set when there is one. Not for service code.
   */
  transaction<T>(
    tenant: string | undefined,
    work: (manager: EntityManager) => Promise<T>,
    options: { readOnly?: boolean } = {},
  ): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      // One round trip sets the center for row-level security (and read-only, for reads).
      if (options.readOnly) {
        await manager.query(
          `SELECT set_config('app.tenant_id', $1, true), set_config('transaction_read_only', 'on', true)`,
          [tenant ?? ''],
        );
      } else if (tenant) {
        await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      }
      return work(manager);
    });
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  private tenantReads(manager: EntityManager, request: TenantRequest): TenantReads {
    return {
      ...request,
      rows: (entity) => new TenantRepository(manager, request.tenant, entity),
      sql: (text, params) => manager.query(text, params),
    };
  }

  private platformWrites(manager: EntityManager, request: RequestContext): PlatformWrites {
    return {
      ...request,
      table: (entity) => manager.getRepository(entity),
      sql: (text, params) => manager.query(text, params),
      emit: (contract, payload, tenant) =>
        recordEvent(
          manager,
          { schema: this.schema, tenant, requestId: request.requestId },
          contract,
          payload,
        ),
    };
  }
}
