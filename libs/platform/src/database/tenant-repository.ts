import {
  type EntityManager,
  type EntityTarget,
  type FindOptionsWhere,
  MoreThan,
  type ObjectLiteral,
} from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { invalidInput } from '@tf/core';
import { isUuid } from '@tf/core';

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

  /** Locks the row for the rest of the transaction (state changes that must not race). */
  findByIdForUpdate(id: string): Promise<E | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.manager.findOne(this.entity, {
      where: this.where({ id } as FindOptionsWhere<E>),
      lock: { mode: 'pessimistic_write' },
    });
  }

  async insert(values: Omit<E, 'tenantId'>): Promise<E> {
    const row = { ...values, tenantId: this.tenant } as unknown as E;
    await this.manager.insert(this.entity, row as QueryDeepPartialEntity<E>);
    return row;
  }

  /** Many rows of this tenant in one INSERT statement (not one round trip per row). */
  async insertMany(values: Omit<E, 'tenantId'>[]): Promise<E[]> {
    if (values.length === 0) return [];
    const rows = values.map((value) => ({ ...value, tenantId: this.tenant }) as unknown as E);
    await this.manager.insert(this.entity, rows as QueryDeepPartialEntity<E>[]);
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
  async page(where: FindOptionsWhere<E>, request: PageRequest): Promise<Page<E>> {
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
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : '' };
  }

  private where(where: FindOptionsWhere<E>): FindOptionsWhere<E> {
    return { ...where, tenantId: this.tenant } as FindOptionsWhere<E>;
  }
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Empty on the last page. */
  nextCursor: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function readPageRequest(request: PageRequest | undefined): {
  limit: number;
  after?: string;
} {
  const limit = request?.limit || DEFAULT_PAGE_SIZE;
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
