import type { DescMessage, MessageInitShape } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import type { EventContract } from '@tf/contracts';
import type { Pool } from 'pg';
import type {
  DataSource,
  EntityTarget,
  FindOptionsOrder,
  FindOptionsWhere,
  ObjectLiteral,
} from 'typeorm';
import type { RequestContext } from '../context/request-context';
import { recordEvent } from '../events/outbox';
import { beginSql } from './begin-sql';
import { EntitySql } from './entity-sql';
import { clientSql, type Sql } from './sql';
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
   * Rows of an entity that PostgreSQL lets this center read: its own, and those another center
   * shares with it, for the tables with a sharing policy (a trading listing shared with other
   * centers). No center predicate is added: the policies alone decide. Read-only.
   */
  visible<E extends TenantOwned>(entity: EntityTarget<E>): VisibleRows<E>;
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
  /**
   * A value this transaction's work builds up, written once after the rest of it and before
   * COMMIT: `key` names it (one per key and transaction), `start` makes it on first use, `write`
   * writes it. The inbox handles a lot of events in one transaction, so a row that each of them
   * moves is written once per lot. A failed write rolls the transaction back like any statement.
   */
  gather<T>(key: object, start: () => T, write: (value: T) => Promise<void>): T;
}

/** Reads of the rows a center's policies let it see (TenantReads.visible). */
export interface VisibleRows<E extends ObjectLiteral> {
  find(
    where: FindOptionsWhere<E>,
    options?: { order?: FindOptionsOrder<E>; take?: number },
  ): Promise<E[]>;
}

/** Before or across centers (logins, the list of centers): platform tables only. */
export interface PlatformWrites extends RequestContext {
  table<E extends ObjectLiteral>(entity: EntityTarget<E>): PlatformTable<E>;
  sql<T = unknown>(text: string, params?: unknown[]): Promise<T[]>;
  /** An event about one center, recorded in this transaction. */
  emit<P extends DescMessage>(
    contract: EventContract<P>,
    payload: MessageInitShape<P>,
    tenant: string,
  ): Promise<string>;
}
export type PlatformReads = Omit<PlatformWrites, 'emit'>;

/** A platform table (no tenant predicate: these tables have no RLS and belong to no center). */
export interface PlatformTable<E extends ObjectLiteral> {
  find(options?: { where?: FindOptionsWhere<E>; order?: FindOptionsOrder<E> }): Promise<E[]>;
  findOneBy(where: FindOptionsWhere<E>): Promise<E | null>;
}

type TenantRequest = RequestContext & { tenant: string };

/**
 * The runtime role's connection pool. Each read or unit of work is one transaction; a
 * tenant-scoped one sets app.tenant_id with set_config(..., true), which lasts only until COMMIT
 * or ROLLBACK, so a pooled connection never carries one request's tenant into the next (a
 * session-level SET would). Reads are read-only transactions.
 */
@Injectable()
export class TenantDatabase {
  private readonly pool: Pool;
  private readonly eventsCommitted: (() => void)[] = [];

  constructor(
    readonly dataSource: DataSource,
    readonly schema: string,
  ) {
    // TypeORM keeps the entity metadata and the pool; statements go to pg directly (EntitySql).
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  /**
   * Reads of one center, in a short read-only transaction that sees one moment (REPEATABLE
   * READ): a guarantee and its claim read by two statements are never one before and one after
   * a commit between them. A read-only transaction at this level cannot fail to serialise.
   */
  read<T>(request: TenantRequest, work: (tx: TenantReads) => Promise<T>): Promise<T> {
    return this.transaction(request.tenant, (sql) => work(this.tenantReads(sql, request)), {
      readOnly: true,
    });
  }

  /** Writes and events of one center, in one transaction. */
  unitOfWork<T>(request: TenantRequest, work: (tx: TenantWrites) => Promise<T>): Promise<T> {
    return this.transaction(request.tenant, (sql) => work(this.tenantWrites(sql, request)));
  }

  /** Work on platform tables, in one transaction with no center set (tenant rows are invisible). */
  platformWork<T>(request: RequestContext, work: (tx: PlatformWrites) => Promise<T>): Promise<T> {
    return this.transaction(undefined, (sql) => work(this.platformWrites(sql, request)));
  }

  /** The writes of an already open transaction (the inbox's, which also records the event). */
  tenantWrites(sql: Sql, request: TenantRequest): TenantWrites {
    const writes: Omit<TenantWrites, keyof TenantReads> = {
      emit: (contract, payload) =>
        recordEvent(
          sql,
          { schema: this.schema, tenant: request.tenant, requestId: request.requestId },
          contract,
          payload,
        ),
      lock: async (...key) => {
        await sql.query(
          'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
          [[this.schema, request.tenant, ...key].join('|')],
          { prepared: true },
        );
      },
      gather: (key, start, write) => sql.beforeCommit.gather(key, start, write),
    };
    return Object.assign({}, this.tenantReads(sql, request), writes);
  }

  /**
   * The platform's own plumbing (outbox relay, inbox, idempotency records): one transaction, the
   * tenant's row-level security set when there is one. Not for service code. The transaction
   * begins and names its center in one round trip.
   */
  async transaction<T>(
    tenant: string | undefined,
    work: (sql: Sql) => Promise<T>,
    options: { readOnly?: boolean } = {},
  ): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // A checked-out client has no listener of its own (the pool's is on idle clients only): when
    // PostgreSQL goes away between two statements, its 'error' would otherwise be unhandled and
    // crash the service. The next statement fails, and the connection is not returned.
    const lost = () => (broken = true);
    client.on('error', lost);
    const sql = clientSql(client);
    try {
      // BEGIN goes out with the work's first statement, and the COMMIT with whatever the work
      // sent last (Sql.send): settled before the COMMIT is reported, so a sent statement that
      // failed (its transaction then ends in ROLLBACK) fails the whole transaction.
      sql.send(beginSql(client.escapeLiteral(tenant ?? ''), options.readOnly === true));
      const result = await work(sql);
      await sql.beforeCommit.run();
      sql.send('COMMIT');
      await sql.settle();
      if (sql.eventsRecorded > 0) for (const listener of this.eventsCommitted) listener();
      return result;
    } catch (error) {
      // A statement that was sent and failed is the cause; later ones failed only because the
      // transaction was already aborted.
      const cause = await sql.settle().then(
        () => error,
        (sentFailure: unknown) => sentFailure,
      );
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw cause;
    } finally {
      client.off('error', lost);
      // A connection that could not even roll back is not given to anyone else.
      client.release(broken);
    }
  }

  /** Called after each COMMIT of a transaction that recorded events (the outbox relay wakes). */
  onEventsCommitted(listener: () => void): void {
    this.eventsCommitted.push(listener);
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  private tenantReads(sql: Sql, request: TenantRequest): TenantReads {
    const reads: Omit<TenantReads, keyof TenantRequest> = {
      rows: (entity) =>
        new TenantRepository(sql, EntitySql.of(this.dataSource, entity), request.tenant),
      visible: (entity) => ({
        find: (where, options = {}) => {
          const { text, values } = EntitySql.of(this.dataSource, entity).select(where, options);
          return sql.query(text, values, { prepared: true });
        },
      }),
      sql: (text, params) => sql.query(text, params),
    };
    return Object.assign({}, request, reads);
  }

  private platformWrites(sql: Sql, request: RequestContext): PlatformWrites {
    const writes: Omit<PlatformWrites, keyof RequestContext> = {
      table: (entity) => platformTable(sql, EntitySql.of(this.dataSource, entity)),
      sql: (text, params) => sql.query(text, params),
      emit: (contract, payload, tenant) =>
        recordEvent(
          sql,
          { schema: this.schema, tenant, requestId: request.requestId },
          contract,
          payload,
        ),
    };
    return Object.assign({}, request, writes);
  }
}

function platformTable<E extends ObjectLiteral>(
  sql: Sql,
  statements: EntitySql<E>,
): PlatformTable<E> {
  return {
    find: async ({ where = {}, order } = {}) => {
      const { text, values } = statements.select(where, { order });
      return sql.query<E>(text, values, { prepared: true });
    },
    findOneBy: async (where) => {
      const { text, values } = statements.select(where, { take: 1 });
      const [row] = await sql.query<E>(text, values, { prepared: true });
      return row ?? null;
    },
  };
}
