import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { DomainError, newId } from '@tf/core';
import { In, IsNull, LessThan } from 'typeorm';
import { EntitySql } from './entity-sql';
import { BeforeCommit } from './before-commit';
import type { Sql } from './sql';
import {
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  readPageRequest,
  TenantRepository,
  type TenantOwned,
} from './tenant-repository';

@Entity({ schema: 'probe', name: 'notes' })
class NoteEntity implements TenantOwned {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ name: 'written_on', type: 'date', nullable: true }) writtenOn!: string | null;
  @Column({ type: 'jsonb', nullable: true }) tags!: string[] | null;
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

/** SQL that records what the repository sends, answering with `rows`. */
function recordingSql(rows: object[] = []) {
  const calls: { text: string; values: readonly unknown[]; prepared: boolean }[] = [];
  const sql: Sql = {
    query: <T>(text: string, values: readonly unknown[] = [], options?: { prepared?: boolean }) => {
      calls.push({ text, values, prepared: options?.prepared === true });
      return Promise.resolve(rows as T[]);
    },
    execute: (text, values = [], options) => {
      calls.push({ text, values, prepared: options?.prepared === true });
      return Promise.resolve(1);
    },
    send: (text, values = [], options) => {
      calls.push({ text, values, prepared: options?.prepared === true });
    },
    settle: () => Promise.resolve(),
    beforeCommit: new BeforeCommit(),
    eventsRecorded: 0,
  };
  return { sql, calls };
}

let notes: EntitySql<NoteEntity>;

beforeAll(async () => {
  // Metadata only: TypeORM reads the decorators; nothing connects.
  const dataSource = new DataSource({ type: 'postgres', entities: [NoteEntity] });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  notes = EntitySql.of(dataSource, NoteEntity);
});

const SELECT =
  'SELECT "id" AS "id", "tenant_id" AS "tenantId", "body" AS "body", "written_on"::text AS "writtenOn", "tags" AS "tags" FROM "probe"."notes"';

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

describe('TenantRepository: tenant first, in prepared statements', () => {
  it('refuses to exist without a tenant', () => {
    expect(() => new TenantRepository(recordingSql().sql, notes, '')).toThrow(
      new Error('TenantRepository needs a tenant'),
    );
  });

  it('answers "not found" for an id that is not a UUID without querying', async () => {
    const { sql, calls } = recordingSql([{ id: newId(), tenantId: 'jinan', body: 'no' }]);
    const repository = new TenantRepository(sql, notes, 'jinan');
    await expect(repository.findById('1 OR 1=1')).resolves.toBeNull();
    await expect(repository.findByIdForUpdate('42')).resolves.toBeNull();
    expect(calls).toEqual([]);
  });

  it('adds its tenant to every lookup, overriding a tenant the caller passed', async () => {
    const { sql, calls } = recordingSql();
    const repository = new TenantRepository(sql, notes, 'jinan');
    const id = newId();
    await repository.findById(id);
    await repository.findOneBy({ body: 'x', tenantId: 'liaocheng' });
    await repository.findByIdForUpdate(id);
    expect(calls).toEqual([
      {
        text: `${SELECT} WHERE "id" = $1 AND "tenant_id" = $2 LIMIT $3`,
        values: [id, 'jinan', 1],
        prepared: true,
      },
      {
        text: `${SELECT} WHERE "body" = $1 AND "tenant_id" = $2 LIMIT $3`,
        values: ['x', 'jinan', 1],
        prepared: true,
      },
      {
        text: `${SELECT} WHERE "id" = $1 AND "tenant_id" = $2 FOR UPDATE`,
        values: [id, 'jinan'],
        prepared: true,
      },
    ]);
  });

  it('says In, LessThan, null and alternatives in SQL, each alternative with its tenant', async () => {
    const { sql, calls } = recordingSql();
    const repository = new TenantRepository(sql, notes, 'jinan');
    await repository.find(
      [{ body: In(['a', 'b']), writtenOn: LessThan('2026-01-01') }, { tags: IsNull() }],
      { order: { writtenOn: 'DESC', id: 'ASC' }, take: 5 },
    );
    expect(calls).toEqual([
      {
        text:
          `${SELECT} WHERE (("body" = ANY($1) AND "written_on" < $2 AND "tenant_id" = $3) OR ` +
          `("tags" IS NULL AND "tenant_id" = $4)) ORDER BY "written_on" DESC, "id" LIMIT $5`,
        values: [['a', 'b'], '2026-01-01', 'jinan', 'jinan', 5],
        prepared: true,
      },
    ]);
  });

  it('writes a statement once per shape: the same text for new values, another for another shape', async () => {
    const { sql, calls } = recordingSql();
    const repository = new TenantRepository(sql, notes, 'jinan');
    await repository.findOneBy({ body: 'a', writtenOn: '2026-01-01' });
    await repository.findOneBy({ body: 'b', writtenOn: '2026-02-02' });
    await repository.findOneBy({ body: 'c', writtenOn: null } as never);
    await repository.findOneBy({ body: 'd', writtenOn: undefined });
    await repository.updateWhere({ body: 'e' }, { tags: ['t'], writtenOn: undefined });
    await repository.updateWhere({ body: 'f' }, { writtenOn: '2026-03-03' });
    expect(calls.map((call) => call.values)).toEqual([
      ['a', '2026-01-01', 'jinan', 1],
      ['b', '2026-02-02', 'jinan', 1],
      ['c', 'jinan', 1],
      ['d', 'jinan', 1],
      ['["t"]', 'e', 'jinan'],
      ['2026-03-03', 'f', 'jinan'],
    ]);
    expect(calls[1]?.text).toBe(calls[0]?.text);
    expect(calls[2]?.text).toBe(
      `${SELECT} WHERE "body" = $1 AND "written_on" IS NULL AND "tenant_id" = $2 LIMIT $3`,
    );
    expect(calls[3]?.text).toBe(`${SELECT} WHERE "body" = $1 AND "tenant_id" = $2 LIMIT $3`);
    expect(calls[4]?.text).toBe(
      'UPDATE "probe"."notes" SET "tags" = $1 WHERE "body" = $2 AND "tenant_id" = $3',
    );
    expect(calls[5]?.text).toBe(
      'UPDATE "probe"."notes" SET "written_on" = $1 WHERE "body" = $2 AND "tenant_id" = $3',
    );
  });

  it('stamps its tenant on inserted rows, even over one smuggled in by the caller, and stores json as JSON', async () => {
    const { sql, calls } = recordingSql([{ id: 'as-stored' }]);
    const repository = new TenantRepository(sql, notes, 'jinan');
    const id = newId();
    const smuggled = { id, body: 'hello', tags: ['x'], tenantId: 'liaocheng' } as never;
    await expect(repository.insert(smuggled)).resolves.toEqual({ id: 'as-stored' });
    expect(calls[0]).toEqual({
      text: `INSERT INTO "probe"."notes" ("id", "tenant_id", "body", "tags") VALUES ($1, $2, $3, $4) RETURNING ${SELECT.slice(7, SELECT.indexOf(' FROM'))}`,
      values: [id, 'jinan', 'hello', '["x"]'],
      prepared: true,
    });
  });

  it('scopes updates to its tenant, never changing the tenant itself', async () => {
    const { sql, calls } = recordingSql();
    const repository = new TenantRepository(sql, notes, 'jinan');
    const id = newId();
    await repository.update(id, { body: 'changed' });
    const changed = await repository.updateWhere({ body: 'old', tenantId: 'liaocheng' }, {
      body: 'new',
      tenantId: 'liaocheng',
    } as never);
    expect(changed).toBe(1);
    expect(calls).toEqual([
      {
        text: 'UPDATE "probe"."notes" SET "body" = $1 WHERE "id" = $2 AND "tenant_id" = $3',
        values: ['changed', id, 'jinan'],
        prepared: true,
      },
      {
        text: 'UPDATE "probe"."notes" SET "body" = $1 WHERE "body" = $2 AND "tenant_id" = $3',
        values: ['new', 'old', 'jinan'],
        prepared: true,
      },
    ]);
  });

  it('inserts many rows in one statement, each with its tenant, a missing value as DEFAULT', async () => {
    const { sql, calls } = recordingSql();
    const repository = new TenantRepository(sql, notes, 'jinan');
    const [a, b] = [newId(), newId()];
    await repository.insertMany(
      [
        { id: a, body: 'one', writtenOn: '2026-11-26' },
        { id: b, body: 'two' },
      ] as never,
      {
        ignoreDuplicates: true,
      },
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.text).toMatch(
      /^INSERT INTO "probe"."notes" \("id", "tenant_id", "body", "written_on"\) VALUES \(\$1, \$2, \$3, \$4\), \(\$5, \$6, \$7, DEFAULT\) ON CONFLICT DO NOTHING RETURNING /,
    );
    expect(calls[0]?.values).toEqual([a, 'jinan', 'one', '2026-11-26', b, 'jinan', 'two']);
    expect(await repository.insertMany([])).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('pages in id order after the cursor, asks for one extra row, and returns the next cursor', async () => {
    const ids = [newId(), newId(), newId()];
    const { sql, calls } = recordingSql(ids.map((id) => ({ id, tenantId: 'jinan', body: id })));
    const repository = new TenantRepository(sql, notes, 'jinan');
    const after = newId();
    const page = await repository.page({ body: 'x' }, { limit: 2, cursor: encodeCursor(after) });
    expect(page.items.map((note) => note.id)).toEqual(ids.slice(0, 2));
    expect(page.nextCursor).toBe(encodeCursor(ids[1]!));
    expect(calls[0]).toEqual({
      text: `${SELECT} WHERE "body" = $1 AND "id" > $2 AND "tenant_id" = $3 ORDER BY "id" LIMIT $4`,
      values: ['x', after, 'jinan', 3],
      prepared: true,
    });
  });
});
