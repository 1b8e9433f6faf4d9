import { invalidInput, isUuid } from '@tf/core';
import {
  type EntityManager,
  type EntityTarget,
  type FindOptionsOrder,
  type FindOptionsWhere,
  MoreThan,
  type ObjectLiteral,
  type DataSource,
  type QueryBuilder,
  type QueryRunner,
  SelectQueryBuilder,
} from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** A tenant-owned entity: its id is a UUIDv7 and it carries its tenant. */
export interface TenantOwned extends ObjectLiteral {
  id: string;
  tenantId: string;
}

/**
 * Tenant first: every query names the tenant, and an empty one is refused. Row-level security is
 * the second lock behind this one, not the only one.
 */
export class TenantRepository<E extends TenantOwned> {
  constructor(
    private readonly manager: EntityManager,
    private readonly tenant: string,
    private readonly entity: EntityTarget<E>,
  ) {
    if (!tenant) throw new Error('TenantRepository needs a tenant');
  }

  findById(id: string): Promise<E | null> {
    // An id that is not a UUID cannot exist; answering "not found" beats a PostgreSQL cast error.
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager.findOneBy(this.entity, this.where({ id } as FindOptionsWhere<E>));
  }

  findOneBy(where: FindOptionsWhere<E>): Promise<E | null> {
    return this.manager.findOneBy(this.entity, this.where(where));
  }

  /** Rows matching `where`, in `order`, at most `take`. */
  find(
    where: FindOptionsWhere<E> | FindOptionsWhere<E>[],
    options: { order?: FindOptionsOrder<E>; take?: number } = {},
  ): Promise<E[]> {
    return this.manager.find(this.entity, { where: this.whereAll(where), ...options });
  }

  count(where: FindOptionsWhere<E> = {}): Promise<number> {
    return this.manager.countBy(this.entity, this.where(where));
  }

  /** Locks the row for the rest of the transaction (state changes that must not race). */
  findByIdForUpdate(id: string): Promise<E | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager.findOne(this.entity, {
      where: this.where({ id } as FindOptionsWhere<E>),
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * Rows matching `where`, locked for the rest of the transaction; with `skipLocked`, rows another
   * transaction holds are left out (replicas sharing a sweep).
   */
  findForUpdate(
    where: FindOptionsWhere<E>,
    options: { order?: FindOptionsOrder<E>; take?: number; skipLocked?: boolean } = {},
  ): Promise<E[]> {
    const { skipLocked, ...rest } = options;
    return this.manager.find(this.entity, {
      where: this.where(where),
      lock: { mode: 'pessimistic_write', ...(skipLocked ? { onLocked: 'skip_locked' } : {}) },
      ...rest,
    });
  }

  /**
   * A query for what find options cannot say (joins, raw selections). It already carries this
   * center's predicate: add conditions with andWhere; where() and orWhere(), which would replace
   * or widen it, throw.
   */
  query(alias: string): TenantQueryBuilder<E> {
    const builder = new TenantQueryBuilder<E>(
      this.manager
        .createQueryBuilder(this.entity, alias)
        .where(`${alias}.tenantId = :__tenant`, { __tenant: this.tenant }),
    );
    builder.guarded = true;
    return builder;
  }

  async insert(values: Omit<E, 'tenantId'>): Promise<E> {
    const row = { ...values, tenantId: this.tenant } as unknown as E;
    await this.manager.insert(this.entity, row as QueryDeepPartialEntity<E>);
    return row;
  }

  /**
   * Many rows of this tenant in one INSERT statement (not one round trip per row). With
   * `ignoreDuplicates`, rows a unique index already holds are skipped (ON CONFLICT DO NOTHING).
   */
  async insertMany(
    values: Omit<E, 'tenantId'>[],
    options: { ignoreDuplicates?: boolean } = {},
  ): Promise<E[]> {
    if (values.length === 0) return [];
    const rows = values.map((value) => ({ ...value, tenantId: this.tenant }) as unknown as E);
    if (options.ignoreDuplicates) {
      await this.manager
        .createQueryBuilder()
        .insert()
        .into(this.entity)
        .values(rows as QueryDeepPartialEntity<E>[])
        .orIgnore()
        .execute();
    } else {
      await this.manager.insert(this.entity, rows as QueryDeepPartialEntity<E>[]);
    }
    return rows;
  }

  /** Changes a row of this tenant; the tenant itself can never be changed through here. */
  async update(id: string, changes: QueryDeepPartialEntity<E>): Promise<void> {
    if (!isUuid(id)) return;
    await this.updateWhere({ id } as FindOptionsWhere<E>, changes);
  }

  /** Changes the rows of this tenant that match `where`; returns how many. */
  async updateWhere(
    where: FindOptionsWhere<E>,
    changes: QueryDeepPartialEntity<E>,
  ): Promise<number> {
    const { tenantId: _ignored, ...allowed } = changes as QueryDeepPartialEntity<E> & {
      tenantId?: unknown;
    };
    const result = await this.manager.update(
      this.entity,
      this.where(where),
      allowed as unknown as QueryDeepPartialEntity<E>,
    );
    return result.affected ?? 0;
  }

  /** Keyset page in id order (ids are time-ordered, so this is creation order). */
  async page(where: FindOptionsWhere<E>, request: PageRequest | undefined): Promise<Page<E>> {
    const { limit, after } = readPageRequest(request);
    const rows = await this.manager.find(this.entity, {
      where: this.where({
        ...where,
        ...(after ? { id: MoreThan(after) } : {}),
      } as FindOptionsWhere<E>),
      order: { id: 'ASC' } as never,
      take: limit + 1,
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return rows.length > limit && last ? { items, nextCursor: encodeCursor(last.id) } : { items };
  }

  private where(where: FindOptionsWhere<E>): FindOptionsWhere<E> {
    return { ...where, tenantId: this.tenant } as FindOptionsWhere<E>;
  }

  private whereAll(
    where: FindOptionsWhere<E> | FindOptionsWhere<E>[],
  ): FindOptionsWhere<E> | FindOptionsWhere<E>[] {
    return Array.isArray(where) ? where.map((w) => this.where(w)) : this.where(where);
  }
}

/**
 * A select query that keeps its center's predicate: the builder a repository hands out (and its
 * clones) refuses where() and orWhere(). Subqueries TypeORM builds inside it are not guarded.
 */
export class TenantQueryBuilder<E extends ObjectLiteral> extends SelectQueryBuilder<E> {
  guarded = false;

  /** TypeORM builds copies and subqueries with `new this.constructor(...)` in both forms. */
  constructor(source: QueryBuilder<E> | DataSource, queryRunner?: QueryRunner) {
    super(source as DataSource, queryRunner);
    if (source instanceof TenantQueryBuilder) this.guarded = source.guarded;
  }

  override where(...args: Parameters<SelectQueryBuilder<E>['where']>): this {
    if (this.guarded) {
      throw new Error("this query carries its center's predicate: add conditions with andWhere()");
    }
    return super.where(...args);
  }

  override orWhere(...args: Parameters<SelectQueryBuilder<E>['orWhere']>): this {
    if (this.guarded) {
      throw new Error(
        "orWhere() would widen the center's predicate: put alternatives in Brackets inside andWhere()",
      );
    }
    return super.orWhere(...args);
  }
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextCursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function readPageRequest(request: PageRequest | undefined): {
  limit: number;
  after?: string;
} {
  const limit = request?.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalidInput('limit', `must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (!request?.cursor) return { limit };
  return { limit, after: decodeCursor(request.cursor) };
}

export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) throw invalidInput('cursor', 'is not a cursor this API returned');
  return id;
}
