import { migrateSchema, type MigrationClass } from '@tf/platform';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database';

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
 * ran: `kind IN ('a', 'b')` and `roles <@ ARRAY['a', 'b']` both read as ['a', 'b']. Null when no
 * CHECK lists the column's values.
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
    const list = new RegExp(`\\(${column} (?:= ANY \\(|<@ )ARRAY\\[([^\\]]*)\\]`);
    for (const { definition } of rows) {
      const values = list.exec(definition)?.[1];
      if (values) return [...values.matchAll(/'([^']*)'::text/g)].map((match) => match[1] ?? '');
    }
    return null;
  } finally {
    await client.end();
  }
}
