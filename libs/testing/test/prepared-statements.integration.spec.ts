import { clientSql } from '@tf/platform';
import { Pool } from 'pg';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '../src/test-database';

/*
 * The platform's prepared statements read their rows with the shape their first execution
 * described (database/prepared-query.ts), on a real PostgreSQL: every later execution parses
 * its rows by the same columns and types, and a statement whose columns changed is read by its
 * new ones.
 */
describe('prepared statements on PostgreSQL', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase('prepared');
    pool = new Pool({ connectionString: db.ownerUrl, max: 2 });
    await pool.query(`
      CREATE TABLE probe_notes (
        id int PRIMARY KEY, amount numeric(20,2) NOT NULL, written_at timestamptz NOT NULL,
        tags jsonb, body text
      );
      INSERT INTO probe_notes VALUES
        (1, '10.50', '2026-12-05T08:00:00Z', '["a"]', 'first'),
        (2, '0.01', '2026-12-06T09:30:00Z', NULL, NULL);
      CREATE TABLE probe_counts (id int PRIMARY KEY, n bigint NOT NULL);
      INSERT INTO probe_counts VALUES (1, 9007199254740993);`);
  });

  afterAll(async () => {
    await pool.end();
    await dropTestDatabase(db);
  });

  /** A statement on its own connection, as a transaction runs it. */
  async function run(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
    const client = await pool.connect();
    try {
      return await clientSql(client).query(text, values, { prepared: true });
    } finally {
      client.release();
    }
  }

  it('parses every execution by the columns and types of its statement', async () => {
    const text = 'SELECT id, amount, written_at, tags, body FROM probe_notes WHERE id = $1';
    for (let round = 0; round < 3; round++) {
      expect(await run(text, [1])).toEqual([
        {
          id: 1,
          amount: '10.50',
          written_at: new Date('2026-12-05T08:00:00Z'),
          tags: ['a'],
          body: 'first',
        },
      ]);
      expect(await run(text, [2])).toEqual([
        {
          id: 2,
          amount: '0.01',
          written_at: new Date('2026-12-06T09:30:00Z'),
          tags: null,
          body: null,
        },
      ]);
    }
    // Another statement's shape is its own, on the same connections.
    expect(await run('SELECT id, n FROM probe_counts WHERE id = $1', [1])).toEqual([
      { id: 1, n: '9007199254740993' },
    ]);
    expect(await run(text, [2])).toEqual([expect.objectContaining({ id: 2, tags: null })]);
  });

  it('reads a statement by its new columns once the table behind it changed', async () => {
    const text = 'SELECT * FROM probe_counts WHERE id = $1';
    expect(await run(text, [1])).toEqual([{ id: 1, n: '9007199254740993' }]);
    await pool.query(`ALTER TABLE probe_counts ADD COLUMN label text NOT NULL DEFAULT 'x'`);
    // Connections that had prepared it refuse the old plan; a connection that prepares it
    // afresh describes three columns. Both connections of the pool are renewed to be sure
    // the next run prepares it again.
    await pool.end();
    pool = new Pool({ connectionString: db.ownerUrl, max: 2 });
    expect(await run(text, [1])).toEqual([{ id: 1, n: '9007199254740993', label: 'x' }]);
  });

  it('rejects with PostgreSQL’s error, and the connection goes on', async () => {
    const insert = 'INSERT INTO probe_counts (id, n) VALUES ($1, $2) RETURNING id';
    await expect(run(insert, [1, 2])).rejects.toMatchObject({ code: '23505' });
    expect(await run(insert, [2, 3])).toEqual([{ id: 2 }]);
  });
});
