import {
  FindOperator,
  type DataSource,
  type EntityTarget,
  type FindOptionsOrder,
  type FindOptionsWhere,
  type ObjectLiteral,
} from 'typeorm';

/** How a property is stored: a date travels as 'YYYY-MM-DD' text, json as its JSON text. */
interface Column {
  property: string;
  name: string;
  kind: 'date' | 'json' | 'plain';
}

/** A statement and its parameters. */
export interface Statement {
  text: string;
  values: unknown[];
}

const compiled = new WeakMap<object, EntitySql<ObjectLiteral>>();

/**
 * The SQL of one entity, written once from its TypeORM metadata: the select list (each column
 * named after its property, so a row is the entity as it comes back), and the statements the
 * repositories run. The hot paths pay neither TypeORM's query builder nor its hydration, and
 * every statement's text depends only on the shape of the request, so it is prepared once per
 * connection.
 */
export class EntitySql<E extends ObjectLiteral> {
  readonly table: string;
  private readonly columns = new Map<string, Column>();
  private readonly selectList: string;

  private constructor(dataSource: DataSource, entity: EntityTarget<E>) {
    const metadata = dataSource.getMetadata(entity);
    this.table = `${quote(metadata.schema ?? 'public')}.${quote(metadata.tableName)}`;
    for (const column of metadata.columns) {
      const type = String(column.type);
      this.columns.set(column.propertyName, {
        property: column.propertyName,
        name: column.databaseName,
        kind: type === 'date' ? 'date' : type === 'json' || type === 'jsonb' ? 'json' : 'plain',
      });
    }
    this.selectList = [...this.columns.values()]
      .map(
        ({ property, name, kind }) =>
          `${quote(name)}${kind === 'date' ? '::text' : ''} AS ${quote(property)}`,
      )
      .join(', ');
  }

  static of<E extends ObjectLiteral>(
    dataSource: DataSource,
    entity: EntityTarget<E>,
  ): EntitySql<E> {
    const key = entity as object;
    let sql = compiled.get(key) as EntitySql<E> | undefined;
    if (!sql) {
      sql = new EntitySql(dataSource, entity);
      compiled.set(key, sql as unknown as EntitySql<ObjectLiteral>);
    }
    return sql;
  }

  select(
    where: FindOptionsWhere<E> | FindOptionsWhere<E>[],
    options: {
      order?: FindOptionsOrder<E>;
      take?: number;
      lock?: 'update' | 'update-skip-locked';
    } = {},
  ): Statement {
    const values: unknown[] = [];
    let text = `SELECT ${this.selectList} FROM ${this.table} WHERE ${this.where(where, values)}`;
    if (options.order) text += ` ORDER BY ${this.orderBy(options.order)}`;
    if (options.take !== undefined) text += ` LIMIT ${param(values, options.take)}`;
    if (options.lock) text += options.lock === 'update' ? ' FOR UPDATE' : ' FOR UPDATE SKIP LOCKED';
    return { text, values };
  }

  count(where: FindOptionsWhere<E>): Statement {
    const values: unknown[] = [];
    return {
      text: `SELECT count(*)::int AS n FROM ${this.table} WHERE ${this.where(where, values)}`,
      values,
    };
  }

  /** Rows in one statement; a property a row leaves undefined takes the column's default. */
  insert(rows: readonly object[], options: { ignoreDuplicates?: boolean } = {}): Statement {
    const properties = [...this.columns.keys()].filter((property) =>
      rows.some((row) => (row as Record<string, unknown>)[property] !== undefined),
    );
    const values: unknown[] = [];
    const tuples = rows.map((row) => {
      const cells = properties.map((property) => {
        const value = (row as Record<string, unknown>)[property];
        return value === undefined ? 'DEFAULT' : param(values, this.stored(property, value));
      });
      return `(${cells.join(', ')})`;
    });
    const names = properties.map((property) => quote(this.column(property).name));
    return {
      text:
        `INSERT INTO ${this.table} (${names.join(', ')}) VALUES ${tuples.join(', ')}` +
        `${options.ignoreDuplicates ? ' ON CONFLICT DO NOTHING' : ''} RETURNING ${this.selectList}`,
      values,
    };
  }

  update(where: FindOptionsWhere<E>, changes: object): Statement {
    const values: unknown[] = [];
    const assignments = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(
        ([property, value]) =>
          `${quote(this.column(property).name)} = ${param(values, this.stored(property, value))}`,
      );
    if (assignments.length === 0) throw new Error(`an update of ${this.table} changes nothing`);
    return {
      text: `UPDATE ${this.table} SET ${assignments.join(', ')} WHERE ${this.where(where, values)}`,
      values,
    };
  }

  /** A condition from find options: equality, null, In, LessThan, MoreThan and their kin; arrays are OR. */
  private where(where: FindOptionsWhere<E> | FindOptionsWhere<E>[], values: unknown[]): string {
    if (Array.isArray(where)) {
      if (where.length === 0) return 'false';
      return `(${where.map((one) => `(${this.where(one, values)})`).join(' OR ')})`;
    }
    const conditions = Object.entries(where)
      .filter(([, value]) => value !== undefined)
      .map(([property, value]) => this.condition(quote(this.column(property).name), value, values));
    return conditions.length > 0 ? conditions.join(' AND ') : 'true';
  }

  private condition(column: string, value: unknown, values: unknown[]): string {
    if (value === null) return `${column} IS NULL`;
    if (!(value instanceof FindOperator)) return `${column} = ${param(values, value)}`;
    const operand = value.value as unknown;
    switch (value.type) {
      case 'in':
        return `${column} = ANY(${param(values, operand)})`;
      case 'lessThan':
        return `${column} < ${param(values, operand)}`;
      case 'lessThanOrEqual':
        return `${column} <= ${param(values, operand)}`;
      case 'moreThan':
        return `${column} > ${param(values, operand)}`;
      case 'moreThanOrEqual':
        return `${column} >= ${param(values, operand)}`;
      case 'equal':
        return `${column} = ${param(values, operand)}`;
      case 'isNull':
        return `${column} IS NULL`;
      default:
        throw new Error(`find operator ${value.type} is not supported by the repositories`);
    }
  }

  private orderBy(order: FindOptionsOrder<E>): string {
    return Object.entries(order)
      .map(([property, direction]) => {
        const descending = String(direction).toUpperCase() === 'DESC';
        return `${quote(this.column(property).name)}${descending ? ' DESC' : ''}`;
      })
      .join(', ');
  }

  private column(property: string): Column {
    const column = this.columns.get(property);
    if (!column) throw new Error(`${this.table} has no column for property ${property}`);
    return column;
  }

  /** What pg sends for a value: json columns get their JSON text (pg would send an array as a PostgreSQL array). */
  private stored(property: string, value: unknown): unknown {
    return this.column(property).kind === 'json' && value !== null ? JSON.stringify(value) : value;
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function param(values: unknown[], value: unknown): string {
  values.push(value);
  return `$${values.length}`;
}
