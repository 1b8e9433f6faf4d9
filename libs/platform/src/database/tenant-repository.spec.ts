import { MoreThan, type EntityManager } from 'typeorm';
import { DomainError } from '@tf/core';
import { newId } from '@tf/core';
import {
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  readPageRequest,
  TenantRepository,
  type TenantOwned,
} from './tenant-repository';

class NoteEntity implements TenantOwned {
  id!: string;
  tenantId!: string;
  body!: string;
}

function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/** An EntityManager that records what the repository asks of it. */
function recordingManager(rows: NoteEntity[] = []) {
  const calls: { method: string; args: unknown[] }[] = [];
  const record =
    (method: string, result: unknown) =>
    (...args: unknown[]) => {
      calls.push({ method, args });
      return Promise.resolve(result);
    };
  const manager = {
    findOneBy: record('findOneBy', rows[0] ?? null),
    findOne: record('findOne', rows[0] ?? null),
    find: record('find', rows),
    insert: record('insert', undefined),
    update: record('update', { affected: 1 }),
  } as unknown as EntityManager;
  return { manager, calls };
}

describe('readPageRequest: keyset paging input', () => {
  it(`defaults to ${DEFAULT_PAGE_SIZE} items and the first page`, () => {
    expect(DEFAULT_PAGE_SIZE).toBe(50);
    expect(readPageRequest(undefined)).toEqual({ limit: 50 });
    expect(readPageRequest({})).toEqual({ limit: 50 });
    expect(readPageRequest({ cursor: '' })).toEqual({ limit: 50 });
  });

  it('reads an absent limit as the default, and refuses 0', () => {
    expect(readPageRequest({ limit: undefined })).toEqual({ limit: 50 });
    expect(() => readPageRequest({ limit: 0 })).toThrow(
      'limit must be a whole number from 1 to 200',
    );
  });

  it.each([1, 7, MAX_PAGE_SIZE])('accepts limit %i', (limit) => {
    expect(readPageRequest({ limit })).toEqual({ limit });
  });

  it.each([MAX_PAGE_SIZE + 1, -1, 1.5, 10_000])(
    'refuses limit %p with a 400 naming "limit"',
    (limit) => {
      const error = domainError(() => readPageRequest({ limit }));
      expect(error.status).toBe(400);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.detail).toBe('limit must be a whole number from 1 to 200');
      expect(error.options.fields).toEqual([
        { field: 'limit', message: 'must be a whole number from 1 to 200' },
      ]);
    },
  );

  it('decodes a cursor made by encodeCursor back to the id it names', () => {
    const id = newId();
    const cursor = encodeCursor(id);
    expect(cursor).not.toContain(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(readPageRequest({ limit: 10, cursor })).toEqual({ limit: 10, after: id });
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a bare id (not encoded)', '0194f3a2-7b1c-7d2e-8f3a-1b2c3d4e5f60'],
    ['an encoded non-id', Buffer.from("1' OR '1'='1", 'utf8').toString('base64url')],
    ['the encoded nil UUID', encodeCursor('00000000-0000-0000-0000-000000000000')],
  ])('refuses %s as a cursor with a 400 naming "cursor"', (_label, cursor) => {
    const error = domainError(() => readPageRequest({ cursor }));
    expect(error.status).toBe(400);
    expect(error.detail).toBe('cursor is not a cursor this API returned');
    expect(error.options.fields).toEqual([
      { field: 'cursor', message: 'is not a cursor this API returned' },
    ]);
  });
});

describe('TenantRepository: tenant first', () => {
  it('refuses to exist without a tenant', () => {
    const { manager } = recordingManager();
    expect(() => new TenantRepository(manager, '', NoteEntity)).toThrow(
      new Error('TenantRepository needs a tenant'),
    );
  });

  it('answers "not found" for an id that is not a UUID without querying', async () => {
    const { manager, calls } = recordingManager([
      { id: newId(), tenantId: 'jinan', body: 'should not be returned' },
    ]);
    const repository = new TenantRepository(manager, 'jinan', NoteEntity);
    await expect(repository.findById('1 OR 1=1')).resolves.toBeNull();
    await expect(repository.findByIdForUpdate('42')).resolves.toBeNull();
    expect(calls).toEqual([]);
  });

  it('adds its tenant to every lookup, overriding a tenant the caller passed', async () => {
    const { manager, calls } = recordingManager();
    const repository = new TenantRepository(manager, 'jinan', NoteEntity);
    const id = newId();
    await repository.findById(id);
    await repository.findOneBy({ body: 'x', tenantId: 'liaocheng' });
    await repository.findByIdForUpdate(id);
    expect(calls).toEqual([
      { method: 'findOneBy', args: [NoteEntity, { id, tenantId: 'jinan' }] },
      { method: 'findOneBy', args: [NoteEntity, { body: 'x', tenantId: 'jinan' }] },
      {
        method: 'findOne',
        args: [
          NoteEntity,
          { where: { id, tenantId: 'jinan' }, lock: { mode: 'pessimistic_write' } },
        ],
      },
    ]);
  });

  it('stamps its tenant on inserted rows, even over one smuggled in by the caller', async () => {
    const { manager, calls } = recordingManager();
    const repository = new TenantRepository(manager, 'jinan', NoteEntity);
    const id = newId();
    const smuggled = { id, body: 'hello', tenantId: 'liaocheng' } as Omit<NoteEntity, 'tenantId'>;
    await expect(repository.insert(smuggled)).resolves.toEqual({
      id,
      body: 'hello',
      tenantId: 'jinan',
    });
    expect(calls).toEqual([
      { method: 'insert', args: [NoteEntity, { id, body: 'hello', tenantId: 'jinan' }] },
    ]);
  });

  it('scopes updates to its tenant', async () => {
    const { manager, calls } = recordingManager();
    const repository = new TenantRepository(manager, 'jinan', NoteEntity);
    const id = newId();
    await repository.update(id, { body: 'changed' });
    expect(calls).toEqual([
      { method: 'update', args: [NoteEntity, { id, tenantId: 'jinan' }, { body: 'changed' }] },
    ]);
  });

  it('scopes an update by condition to its tenant, never changing the tenant itself', async () => {
    const { manager, calls } = recordingManager();
    const repository = new TenantRepository(manager, 'jinan', NoteEntity);
    const changed = await repository.updateWhere({ body: 'old', tenantId: 'liaocheng' }, {
      body: 'new',
      tenantId: 'liaocheng',
    } as never);
    expect(changed).toBe(1);
    expect(calls).toEqual([
      { method: 'update', args: [NoteEntity, { body: 'old', tenantId: 'jinan' }, { body: 'new' }] },
    ]);
  });

  it('inserts many rows in one statement, each with its tenant, and nothing for none', async () => {
    const { manager, calls } = recordingManager();
    const repository = new TenantRepository(manager, 'jinan', NoteEntity);
    const [a, b] = [newId(), newId()];
    const rows = await repository.insertMany([
      { id: a, body: 'one' },
      { id: b, body: 'two' },
    ]);
    expect(rows).toEqual([
      { id: a, body: 'one', tenantId: 'jinan' },
      { id: b, body: 'two', tenantId: 'jinan' },
    ]);
    expect(calls).toEqual([{ method: 'insert', args: [NoteEntity, rows] }]);
    expect(await repository.insertMany([])).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('pages in id order after the cursor, asks for one extra row, and returns the next cursor', async () => {
    const ids = [newId(), newId(), newId()];
    const rows = ids.map((id) => ({ id, tenantId: 'jinan', body: id }));
    const { manager, calls } = recordingManager(rows);
    const repository = new TenantRepository(manager, 'jinan', NoteEntity);
    const after = newId();

    const page = await repository.page({ body: 'b' }, { limit: 2, cursor: encodeCursor(after) });

    expect(page.items).toEqual(rows.slice(0, 2));
    expect(page.nextCursor).toBe(encodeCursor(ids[1]!));
    expect(readPageRequest({ cursor: page.nextCursor }).after).toBe(ids[1]);
    expect(calls).toEqual([
      {
        method: 'find',
        args: [
          NoteEntity,
          {
            where: { body: 'b', id: MoreThan(after), tenantId: 'jinan' },
            order: { id: 'ASC' },
            take: 3,
          },
        ],
      },
    ]);
  });

  it('gives no next cursor on the last page', async () => {
    const rows = [newId(), newId()].map((id) => ({ id, tenantId: 'jinan', body: id }));
    const { manager } = recordingManager(rows);
    const page = await new TenantRepository(manager, 'jinan', NoteEntity).page({}, { limit: 2 });
    expect(page).toEqual({ items: rows });
  });

  it('refuses a bad page request before querying', async () => {
    const { manager, calls } = recordingManager();
    const repository = new TenantRepository(manager, 'jinan', NoteEntity);
    await expect(repository.page({}, { limit: 201 })).rejects.toBeInstanceOf(DomainError);
    expect(calls).toEqual([]);
  });
});
