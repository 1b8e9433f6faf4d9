import { invalidInput, isUuid } from '@tf/core';
import {
  MoreThan,
  type FindOptionsOrder,
  type FindOptionsWhere,
  type ObjectLiteral,
} from 'typeorm';
import type { EntitySql } from './entity-sql';
import type { Sql } from './sql';

/** A tenant-owned entity: its id is a UUIDv7 and it carries its tenant. */
export interface TenantOwned extends ObjectLiteral {
  id: string;
  tenantId: string;
}

type Values<E> = Omit<E, 'tenantId'>;
type Changes<E> = Partial<Omit<E, 'tenantId' | 'id'>>;

/**
 * Tenant first: every statement names the tenant, and an empty one is refused. Row-level
 * security is the second lock behind this one, not the only one. Statements are prepared once per
 * connection (EntitySql), and rows come back as the entity's plain values.
 */
export class TenantRepository<E extends TenantOwned> {
  constructor(
    private readonly sql: Sql,
    private readonly statements: EntitySql<E>,
    private readonly tenant: string,
  ) {
    if (!tenant) throw new Error('TenantRepository needs a tenant');
  }

  async findById(id: string): Promise<E | null> {
    // An id that is not a UUID cannot exist; answering "not found" beats a PostgreSQL cast error.
    if (!isUuid(id)) return null;
    return this.first({ id } as FindOptionsWhere<E>);
  }

  findOneBy(where: FindOptionsWhere<E>): Promise<E | null> {
    return this.first(where);
  }

  /** Rows matching `where` (an array: any of them), in `order`, at most `take`. */
  find(
    where: FindOptionsWhere<E> | FindOptionsWhere<E>[],
    options: { order?: FindOptionsOrder<E>; take?: number } = {},
  ): Promise<E[]> {
    return this.run(this.statements.select(this.whereAll(where), options));
  }

  async count(where: FindOptionsWhere<E> = {}): Promise<number> {
    const [row] = await this.run<{ n: number }>(this.statements.count(this.where(where)));
    return row?.n ?? 0;
  }

  /** Locks the row for the rest of the transaction (state changes that must not race). */
  async findByIdForUpdate(id: string): Promise<E | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.run(
      this.statements.select(this.where({ id } as FindOptionsWhere<E>), { lock: 'update' }),
    );
    return row ?? null;
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
    return this.run(
      this.statements.select(
        this.where(where),
        Object.assign({}, rest, {
          lock: skipLocked ? ('update-skip-locked' as const) : ('update' as const),
        }),
      ),
    );
  }

  /** A row of this tenant, as stored (defaults such as created_at filled in). */
  async insert(values: Values<E>): Promise<E> {
    const [row] = await this.run(this.statements.insert([this.stamped(values)]));
    if (!row) throw new Error(`the insert into ${this.statements.table} returned no row`);
    return row;
  }

  /**
   * Many rows of this tenant in one INSERT statement (not one round trip per row), as stored. With
   * `ignoreDuplicates`, rows a unique index already holds are skipped (ON CONFLICT DO NOTHING) and
   * not returned.
   */
  async insertMany(
    values: Values<E>[],
    options: { ignoreDuplicates?: boolean } = {},
  ): Promise<E[]> {
    if (values.length === 0) return [];
    return this.run(
      this.statements.insert(
        values.map((value) => this.stamped(value)),
        options,
      ),
      { prepared: false },
    );
  }

  /** Changes a row of this tenant; the tenant itself can never be changed through here. */
  async update(id: string, changes: Changes<E>): Promise<void> {
    if (!isUuid(id)) return;
    await this.updateWhere({ id } as FindOptionsWhere<E>, changes);
  }

  /** Changes the rows of this tenant that match `where`; returns how many. */
  updateWhere(where: FindOptionsWhere<E>, changes: Changes<E>): Promise<number> {
    const { tenantId: _tenant, ...allowed } = changes as Changes<E> & { tenantId?: unknown };
    const { text, values } = this.statements.update(this.where(where), allowed);
    return this.sql.execute(text, values, { prepared: true });
  }

  /** Keyset page in id order (ids are time-ordered, so this is creation order). */
  async page(where: FindOptionsWhere<E>, request: PageRequest | undefined): Promise<Page<E>> {
    const { limit, after } = readPageRequest(request);
    const rows = await this.find(
      Object.assign({}, where, after ? { id: MoreThan(after) } : {}) as FindOptionsWhere<E>,
      { order: { id: 'ASC' } as FindOptionsOrder<E>, take: limit + 1 },
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return rows.length > limit && last ? { items, nextCursor: encodeCursor(last.id) } : { items };
  }

  private async first(where: FindOptionsWhere<E>): Promise<E | null> {
    const [row] = await this.run(this.statements.select(this.where(where), { take: 1 }));
    return row ?? null;
  }

  private run<T = E>(
    statement: { text: string; values: unknown[] },
    options: { prepared: boolean } = { prepared: true },
  ): Promise<T[]> {
    return this.sql.query<T>(statement.text, statement.values, options);
  }

  private stamped(values: Values<E>): E {
    return Object.assign({}, values, { tenantId: this.tenant }) as unknown as E;
  }

  private where(where: FindOptionsWhere<E>): FindOptionsWhere<E> {
    return Object.assign({}, where, { tenantId: this.tenant }) as FindOptionsWhere<E>;
  }

  private whereAll(
    where: FindOptionsWhere<E> | FindOptionsWhere<E>[],
  ): FindOptionsWhere<E> | FindOptionsWhere<E>[] {
    return Array.isArray(where) ? where.map((w) => this.where(w)) : this.where(where);
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
