/**
 * The PostgreSQL roles the platform relies on. Login roles are whatever DATABASE_URL and
 * DATABASE_MIGRATION_URL name; grants go to these group roles so deployments pick their own
 * login names (docs/decisions.md, "Roles", has the SQL an operator runs once).
 */
export const DB_ROLES = {
  /**
   * Shared by every service's runtime login: CONNECT on the database and nothing in any schema.
   * Migrations written before each service had its own group grant to it; migrateSchema hands
   * those grants to the schema's group (runtimeGroup) and takes them back from this one.
   */
  runtime: 'tf_runtime',
  /** Owns the SECURITY DEFINER functions that authentication needs before a tenant is known. */
  auth: 'tf_auth',
} as const;

/**
 * The group of one service's runtime login (tf_runtime_valuation): DML in that service's schema
 * and nothing elsewhere, never BYPASSRLS. A login in two of them could read another service's
 * tables, so a service refuses to start on one (assertRuntimeLogin).
 */
export function runtimeGroup(schema: string): string {
  return `${DB_ROLES.runtime}_${schema}`;
}

/** The login a service runs as, from the deployment's base name: tf_app + valuation = tf_app_valuation. */
export function serviceLogin(user: string, service: string): string {
  return `${user}_${service}`;
}

/** Runs a query and resolves to its rows (a TypeORM DataSource does). */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Refuses to run a service on a login that would open what the roles close: one that bypasses
 * row-level security, one that cannot use the service's own schema (the shared tf_app of earlier
 * versions, after the upgrade), or one that is also in another service's group. Checked once at
 * start, on the runtime pool, so a misconfigured deployment fails there and says why.
 */
export async function assertRuntimeLogin(db: Queryable, schema: string): Promise<void> {
  const group = runtimeGroup(schema);
  const rows = (await db.query(
    `SELECT current_user AS login, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
            has_schema_privilege($1, 'USAGE') AS own,
            ARRAY(SELECT g.rolname::text FROM pg_roles g
                   WHERE starts_with(g.rolname, $2) AND g.rolname <> $3
                     AND pg_has_role(current_user, g.oid, 'MEMBER')
                   ORDER BY g.rolname) AS others
       FROM pg_roles r WHERE r.rolname = current_user`,
    [schema, `${DB_ROLES.runtime}_`, group],
  )) as Array<{
    login: string;
    superuser: boolean;
    bypassrls: boolean;
    own: boolean;
    others: string[];
  }>;
  const found = rows[0];
  if (!found) throw new Error('the runtime login is not in pg_roles');
  const { login, superuser, bypassrls, own, others } = found;
  const fix = `run ${schema} as its own login, a member of ${DB_ROLES.runtime} and ${group} only, NOSUPERUSER NOBYPASSRLS (docs/decisions.md, "Roles")`;
  if (superuser || bypassrls) {
    throw new Error(`DATABASE_URL logs in as ${login}, which bypasses row-level security: ${fix}`);
  }
  if (!own) {
    throw new Error(`DATABASE_URL logs in as ${login}, which cannot use schema ${schema}: ${fix}`);
  }
  if (others.length > 0) {
    throw new Error(
      `DATABASE_URL logs in as ${login}, which is also in ${others.join(', ')}: ${fix}`,
    );
  }
}

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
