import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { beginSql } from '../../../../libs/platform/src/database/begin-sql';
import { InFlight } from '../../../../libs/platform/src/database/in-flight';
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

/** What each open transaction sent without waiting (`send`), by its connection. */
const sentOn = new WeakMap<pg.PoolClient, InFlight>();

/**
 * A statement the transaction does not wait for, as the platform's `Sql.send` sends BEGIN, the
 * outbox row and a command's stored reply: on the pipelining pool it travels with the next
 * statement, and its failure fails the transaction before COMMIT is reported.
 */
export function send(
  client: pg.PoolClient,
  text: string,
  values: unknown[],
  prepared = true,
): void {
  const sent = sentOn.get(client);
  if (!sent) throw new Error('send is for a statement inside inTransaction');
  sent.add(run(client, text, values, prepared));
}

/** Waits for what was sent on this connection; throws the first failure. */
function settle(client: pg.PoolClient): Promise<void> {
  return sentOn.get(client)?.settle() ?? Promise.resolve();
}

/**
 * One transaction of one center, opened with the platform's own BEGIN (reads REPEATABLE READ),
 * in the platform's round trips: BEGIN goes with the first statement, COMMIT with what was sent
 * last (TenantDatabase.transaction).
 */
export async function inTransaction<T>(
  db: pg.Pool,
  tenant: string,
  readOnly: boolean,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await db.connect();
  sentOn.set(client, new InFlight());
  try {
    send(client, beginSql(client.escapeLiteral(tenant), readOnly), [], false);
    const result = await work(client);
    send(client, 'COMMIT', [], false);
    await settle(client);
    return result;
  } catch (error) {
    const cause = await settle(client).then(
      () => error,
      (sentFailure: unknown) => sentFailure,
    );
    await client.query('ROLLBACK').catch(() => undefined);
    throw cause;
  } finally {
    sentOn.delete(client);
    client.release();
  }
}
