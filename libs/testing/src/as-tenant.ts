import { Client } from 'pg';

/**
 * Runs SQL in one transaction as one center: app.tenant_id is set as the services set it, so
 * row-level security applies (to the owner role too: the tables FORCE it). For arranging rows a
 * service has no operation to write yet, and for showing what the database itself lets through.
 */
export async function asTenant<T>(
  url: string,
  tenant: string,
  work: (sql: Client) => Promise<T>,
): Promise<T> {
  const sql = new Client({ connectionString: url });
  await sql.connect();
  try {
    await sql.query('BEGIN');
    await sql.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
    const result = await work(sql);
    await sql.query('COMMIT');
    return result;
  } catch (error) {
    await sql.query('ROLLBACK');
    throw error;
  } finally {
    await sql.end();
  }
}
