import { migrateSchema, type MigrationClass } from '@tf/platform';
import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from './test-database';

/** A fresh test database with one service's schema migrated into it (no service running). */
export async function migratedTestDatabase(
  schema: string,
  migrations: MigrationClass[],
): Promise<TestDatabase> {
  const db = await createTestDatabase(`${schema}schema`);
  await migrateSchema({ ownerUrl: db.ownerUrl, schema, migrations });
  return db;
}

/**
 * The values a CHECK constraint lets into a column, as PostgreSQL states it after the migrations
 * ran: `kind IN ('a', 'b')` and `roles <@ ARRAY['a', 'b']` both read as ['a', 'b']; of several
 * CHECKs naming the column, the widest list. Null when no CHECK lists the column's values.
 */
export async function checkedValues(
  url: string,
  table: string,
  column: string,
): Promise<string[] | null> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ definition: string }>(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = $1::regclass AND contype = 'c'`,
      [table],
    );
    const list = new RegExp(`\\(${column} (?:= ANY \\(|<@ )ARRAY\\[([^\\]]*)\\]`, 'g');
    // A column may appear in several CHECKs: its domain, and conditions on some of its values
    // ("approved and active ones hold liability"). The domain is the widest list.
    let widest: string[] | null = null;
    for (const { definition } of rows) {
      for (const match of definition.matchAll(list)) {
        const values = [...(match[1] ?? '').matchAll(/'([^']*)'::text/g)].map((m) => m[1] ?? '');
        if (!widest || values.length > widest.length) widest = values;
      }
    }
    return widest;
  } finally {
    await client.end();
  }
}

/**
 * Holds a service's CHECK constraints to the vocabulary of @tf/contracts. The vocabulary is
 * stated once; the migrations that have run are history and state it in SQL, so a value added
 * to the vocabulary without a migration that lets it in fails here, not in a partner's request.
 * Each case is [table, column, vocabulary].
 */
export function describeSchemaVocabulary(
  schema: string,
  migrations: MigrationClass[],
  cases: Array<[table: string, column: string, vocabulary: readonly string[]]>,
): void {
  describe(`the ${schema} schema allows what the vocabulary declares`, () => {
    let db: TestDatabase;

    beforeAll(async () => {
      db = await migratedTestDatabase(schema, migrations);
    });

    afterAll(async () => {
      await dropTestDatabase(db);
    });

    it.each(cases)('%s.%s', async (table, column, vocabulary) => {
      const allowed = await checkedValues(db.runtimeUrl(schema), table, column);
      expect(allowed?.sort()).toEqual([...vocabulary].sort());
    });
  });
}
