import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { beginSql } from '../../../../libs/platform/src/database/begin-sql';
import { databasePoolOptions } from '../../../../libs/platform/src/database/pool';
import type { BaselineStatements } from './statements';

/** The statements the harness wrote for this run (BENCH_SQL_FILE). */
export function loadStatements(): BaselineStatements {
  const file = process.env['BENCH_SQL_FILE'];
  if (!file) throw new Error('BENCH_SQL_FILE is not set');
  return JSON.parse(readFileSync(file, 'utf8')) as BaselineStatements;
}

/** A pool like each service's: the same size, and keeping what it opened. */
export function pool(): pg.Pool {
  return new pg.Pool({ connectionString: process.env['DATABASE_URL'], ...databasePoolOptions });
}

const names = new Map<string, string>();

/** A prepared statement, as the platform runs its own. */
export function run<T = Record<string, unknown>>(
  client: pg.PoolClient,
  text: string,
  values: unknown[],
  prepared = true,
): Promise<T[]> {
  let name = prepared ? names.get(text) : undefined;
  if (prepared && !name) {
    name = `b_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return client.query({ text, values, ...(name ? { name } : {}) }).then((r) => r.rows as T[]);
}

/** One transaction of one center, opened with the platform's own BEGIN (reads REPEATABLE READ). */
export async function inTransaction<T>(
  db: pg.Pool,
  tenant: string,
  readOnly: boolean,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await db.connect();
  try {
    await client.query(beginSql(client.escapeLiteral(tenant), readOnly));
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
