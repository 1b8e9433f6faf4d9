import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { BeforeCommit } from './before-commit';
import { InFlight } from './in-flight';
import { queryPrepared } from './prepared-query';

/** Statements of one connection, inside the transaction that holds it. */
export interface Sql {
  /**
   * The rows of a statement. A `prepared` one is parsed once per connection and then only bound
   * and run, its rows read with the shape its first execution described (prepared-query.ts): for
   * the platform's and the repositories' own statements, whose text is fixed.
   */
  query<T = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
    options?: { prepared?: boolean },
  ): Promise<T[]>;
  /** How many rows a statement changed. */
  execute(
    text: string,
    values?: readonly unknown[],
    options?: { prepared?: boolean },
  ): Promise<number>;
  /**
   * A statement whose answer the work does not wait for (BEGIN, an outbox row, the stored reply
   * of a command). The pool's connections pipeline (pool.ts), so it goes out at once and the next
   * statement follows it on the wire without a round trip between them; PostgreSQL still runs
   * them in order. `settle` reports how it went, and the transaction settles before it reports
   * a COMMIT: a failure here fails the transaction like any other statement.
   */
  send(text: string, values?: readonly unknown[], options?: { prepared?: boolean }): void;
  /** Waits for every statement `send` sent; throws the first one's error, if any failed. */
  settle(): Promise<void>;
  /** What this transaction writes once, just before it commits (TenantWrites.gather). */
  readonly beforeCommit: BeforeCommit;
  /** Events recorded in this transaction's outbox (recordEvent): the relay is woken on COMMIT. */
  eventsRecorded: number;
}

/** Prepared statements are named after their text: the same text, the same statement. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `tf_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/** `Sql` on a pg connection taken from the pool. */
export function clientSql(client: PoolClient): Sql {
  const run = (text: string, values: readonly unknown[] = [], prepared = false) =>
    prepared
      ? queryPrepared(client, statementName(text), text, values as unknown[])
      : client.query({ text, values: values as unknown[] });
  const sent = new InFlight();
  return {
    query: async <T>(text: string, values?: readonly unknown[], options?: { prepared?: boolean }) =>
      (await run(text, values, options?.prepared)).rows as T[],
    execute: async (text, values, options) =>
      (await run(text, values, options?.prepared)).rowCount ?? 0,
    send: (text, values, options) => sent.add(run(text, values, options?.prepared)),
    settle: () => sent.settle(),
    beforeCommit: new BeforeCommit(),
    eventsRecorded: 0,
  };
}
