import pg, { type FieldDef, type PoolClient, type QueryResult } from 'pg';

/**
 * What pg's Result builds from a RowDescription: the fields, a type parser for each, and the
 * empty row every parsed row is copied from. pg's own names, kept here in one place: pg is pinned
 * (package.json), and `prepared-query.spec.ts` runs against a real PostgreSQL.
 */
interface RowShape {
  fields: FieldDef[];
  _parsers: unknown[];
  _prebuiltEmptyResultObject: Record<string, null>;
}

/** pg's Query, with the members this file reads (not in @types/pg). */
interface QueryInternals {
  name: string;
  _result: RowShape;
  _accumulateRows: unknown;
  callback?: unknown;
  listeners(event: string): unknown[];
  _checkForMultirow(): void;
}

/** Row shapes by statement name: the same name is the same text (sql.ts names them by it). */
const shapes = new Map<string, RowShape>();

/** The same columns, in the same order, of the same types: the shape still holds. */
function sameShape(known: readonly FieldDef[], described: readonly FieldDef[]): boolean {
  if (known.length !== described.length) return false;
  for (let i = 0; i < known.length; i++) {
    const a = known[i] as FieldDef;
    const b = described[i] as FieldDef;
    if (a.name !== b.name || a.dataTypeID !== b.dataTypeID || a.format !== b.format) return false;
  }
  return true;
}

/**
 * A named prepared statement whose rows are read with the shape its first execution described.
 * pg describes the portal at every execution and builds its Result from the RowDescription
 * afresh: an object of every column name and a type parser looked up for each, 9-12 µs for a
 * 30-column row (`node`, 200,000 times), on every query of every request. The description is
 * still received and checked against the shape kept; only a different one is built again.
 */
class ShapeKeepingQuery extends pg.Query {
  handleRowDescription(message: { fields: FieldDef[] }): void {
    const query = this as unknown as QueryInternals;
    const known = shapes.get(query.name);
    if (!known || !sameShape(known.fields, message.fields)) {
      // pg's own handling, then its Result's shape kept for the next execution.
      (
        pg.Query.prototype as unknown as { handleRowDescription(m: unknown): void }
      ).handleRowDescription.call(this, message);
      const built = query._result;
      shapes.set(query.name, {
        fields: built.fields,
        _parsers: built._parsers,
        _prebuiltEmptyResultObject: built._prebuiltEmptyResultObject,
      });
      return;
    }
    // What pg's handleRowDescription does, with the Result's shape assigned instead of built.
    query._checkForMultirow();
    Object.assign(query._result, known);
    query._accumulateRows = query.callback || !query.listeners('row').length;
  }
}

/** Runs a named prepared statement on the connection, its rows read with the shape kept. */
export function queryPrepared(
  client: PoolClient,
  name: string,
  text: string,
  values: unknown[],
): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    const query = new ShapeKeepingQuery({ name, text, values }, (error, result) =>
      error ? reject(error) : resolve(result as unknown as QueryResult),
    );
    client.query(query);
  });
}
