/**
 * The PostgreSQL roles the platform relies on. Login roles are whatever DATABASE_URL and
 * DATABASE_MIGRATION_URL name; grants go to these group roles so deployments pick their own
 * login names (docs/database.md has the SQL an operator runs once).
 */
export const DB_ROLES = {
  /** Group of the runtime logins: DML on service tables, never BYPASSRLS. */
  runtime: 'tf_runtime',
  /** Owns the SECURITY DEFINER functions that authentication needs before a tenant is known. */
  auth: 'tf_auth',
} as const;

/** The row-level-security statements every tenant-owned table gets (ENABLE + FORCE + one policy). */
export function tenantIsolationSql(table: string): string[] {
  const predicate = `tenant_id = current_setting('app.tenant_id', true)`;
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY tenant_isolation ON ${table} USING (${predicate}) WITH CHECK (${predicate})`,
  ];
}

/**
 * Creates a table of a center's data: `id` and `tenant_id` first, then `columns`, with row-level
 * security forced on it, so no table of tenant data is created without its policy.
 */
export async function createTenantTable(
  q: { query(sql: string): Promise<unknown> },
  table: string,
  columns: string,
): Promise<void> {
  await q.query(`CREATE TABLE ${table} (id uuid PRIMARY KEY, tenant_id text NOT NULL, ${columns})`);
  for (const statement of tenantIsolationSql(table)) await q.query(statement);
}

/**
 * Runs a data migration over every center's rows. The owner is subject to FORCE ROW LEVEL
 * SECURITY like every role, so the migration lifts FORCE on these tables for the length of its
 * own transaction (DDL is transactional) and puts it back before it commits: no other session
 * ever sees the tables unforced.
 */
export async function acrossTenants(
  q: { query(sql: string): Promise<unknown> },
  tables: readonly string[],
  migrate: () => Promise<void>,
): Promise<void> {
  for (const table of tables) await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  await migrate();
  for (const table of tables) await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
}
