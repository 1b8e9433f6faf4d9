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
  /** The column's name, quoted for SQL. */
  quoted: string;
  kind: 'date' | 'json' | 'plain';
}

/** A statement and its parameters. */
export interface Statement {
  text: string;
  values: unknown[];
}

type Where<E> = FindOptionsWhere<E> | FindOptionsWhere<E>[];
interface SelectOptions<E> {
  order?: FindOptionsOrder<E>;
  take?: number;
  lock?: 'update' | 'update-skip-locked';
}

const compiled = new WeakMap<object, EntitySql<ObjectLiteral>>();

/** Comparisons by FindOperator type, the value being the one parameter. */
const COMPARISONS: Record<string, string> = {
  in: '= ANY',
  lessThan: '<',
  lessThanOrEqual: '<=',
  moreThan: '>',
  moreThanOrEqual: '>=',
  equal: '=',
};

/**
 * The SQL of one entity, written once from its TypeORM metadata: the select list (each column
 * named after its property, so a row is the entity as it comes back), and the statements the
 * repositories run. The hot paths pay neither TypeORM's query builder nor its hydration, and
 * every statement's text depends only on the shape of the request (which properties, which
 * comparisons, order, limit, lock), so it is written once per shape and prepared once per
 * connection: a request only collects its values.
 */
export class EntitySql<E extends ObjectLiteral> {
  readonly table: string;
  private readonly columns = new Map<string, Column>();
  private readonly selectList: string;
  /** Statement texts by shape. Shapes are few (they come from code, not from input). */
  private readonly texts = new Map<string, string>();

  private constructor(dataSource: DataSource, entity: EntityTarget<E>) {
    const metadata = dataSource.getMetadata(entity);
    this.table = `${quote(metadata.schema ?? 'public')}.${quote(metadata.tableName)}`;
    for (const column of metadata.columns) {
      const type = String(column.type);
      this.columns.set(column.propertyName, {
        property: column.propertyName,
        quoted: quote(column.databaseName),
        kind: type === 'date' ? 'date' : type === 'json' || type === 'jsonb' ? 'json' : 'plain',
      });
    }
    this.selectList = [...this.columns.values()]
      .map(
        ({ property, quoted, kind }) =>
          `${quoted}${kind === 'date' ? '::text' : ''} AS ${quote(property)}`,
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

  select(where: Where<E>, options: SelectOptions<E> = {}): Statement {
    const values: unknown[] = [];
    const shape = `select ${this.shapeOf(where, values)}${selectOptionsShape(options)}`;
    if (options.take !== undefined) values.push(options.take);
    return { text: this.text(shape, () => this.selectText(where, options)), values };
  }

  count(where: FindOptionsWhere<E>): Statement {
    const values: unknown[] = [];
    const shape = `count ${this.shapeOf(where, values)}`;
    return {
      text: this.text(
        shape,
        () =>
          `SELECT count(*)::int AS n FROM ${this.table} WHERE ${this.whereText(where, [0] as [number])}`,
      ),
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
        if (value === undefined) return 'DEFAULT';
        values.push(this.stored(property, value));
        return `$${values.length}`;
      });
      return `(${cells.join(', ')})`;
    });
    const names = properties.map((property) => this.column(property).quoted);
    return {
      text:
        `INSERT INTO ${this.table} (${names.join(', ')}) VALUES ${tuples.join(', ')}` +
        `${options.ignoreDuplicates ? ' ON CONFLICT DO NOTHING' : ''} RETURNING ${this.selectList}`,
      values,
    };
  }

  update(where: FindOptionsWhere<E>, changes: object): Statement {
    const values: unknown[] = [];
    const changed: string[] = [];
    for (const [property, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      changed.push(property);
      values.push(this.stored(property, value));
    }
    if (changed.length === 0) throw new Error(`an update of ${this.table} changes nothing`);
    const shape = `update ${changed.join(',')} where ${this.shapeOf(where, values)}`;
    const text = this.text(shape, () => {
      const assignments = changed.map(
        (property, index) => `${this.column(property).quoted} = $${index + 1}`,
      );
      const where_ = this.whereText(where, [changed.length] as [number]);
      return `UPDATE ${this.table} SET ${assignments.join(', ')} WHERE ${where_}`;
    });
    return { text, values };
  }

  private text(shape: string, write: () => string): string {
    let text = this.texts.get(shape);
    if (text === undefined) {
      text = write();
      this.texts.set(shape, text);
    }
    return text;
  }

  private selectText(where: Where<E>, options: SelectOptions<E>): string {
    const counter: [number] = [0];
    let text = `SELECT ${this.selectList} FROM ${this.table} WHERE ${this.whereText(where, counter)}`;
    if (options.order) text += ` ORDER BY ${this.orderBy(options.order)}`;
    if (options.take !== undefined) text += ` LIMIT $${++counter[0]}`;
    if (options.lock) text += options.lock === 'update' ? ' FOR UPDATE' : ' FOR UPDATE SKIP LOCKED';
    return text;
  }

  /**
   * The shape of a condition (its properties and comparisons, in order), collecting its values in
   * the order the text will number them. Arrays are OR; undefined properties are left out.
   */
  private shapeOf(where: Where<E>, values: unknown[]): string {
    if (Array.isArray(where)) return `(${where.map((one) => this.shapeOf(one, values)).join('|')})`;
    let shape = '';
    for (const property in where) {
      const value = (where as Record<string, unknown>)[property];
      if (value === undefined) continue;
      this.column(property);
      if (value === null) {
        shape += `${property} null,`;
      } else if (!(value instanceof FindOperator)) {
        shape += `${property} =,`;
        values.push(value);
      } else if (value.type === 'isNull') {
        shape += `${property} null,`;
      } else {
        if (!(value.type in COMPARISONS))
          throw new Error(`find operator ${value.type} is not supported by the repositories`);
        shape += `${property} ${value.type},`;
        values.push(value.value);
      }
    }
    return shape;
  }

  /** The text of a condition; `counter` numbers its parameters, as shapeOf collected them. */
  private whereText(where: Where<E>, counter: [number]): string {
    if (Array.isArray(where)) {
      if (where.length === 0) return 'false';
      return `(${where.map((one) => `(${this.whereText(one, counter)})`).join(' OR ')})`;
    }
    const conditions: string[] = [];
    for (const property in where) {
      const value = (where as Record<string, unknown>)[property];
      if (value === undefined) continue;
      const column = this.column(property).quoted;
      if (value === null || (value instanceof FindOperator && value.type === 'isNull')) {
        conditions.push(`${column} IS NULL`);
      } else {
        const operator = value instanceof FindOperator ? value.type : 'equal';
        const parameter = `$${++counter[0]}`;
        conditions.push(
          operator === 'in'
            ? `${column} = ANY(${parameter})`
            : `${column} ${COMPARISONS[operator]} ${parameter}`,
        );
      }
    }
    return conditions.length > 0 ? conditions.join(' AND ') : 'true';
  }

  private orderBy(order: FindOptionsOrder<E>): string {
    return Object.entries(order)
      .map(([property, direction]) => {
        const descending = String(direction).toUpperCase() === 'DESC';
        return `${this.column(property).quoted}${descending ? ' DESC' : ''}`;
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

function selectOptionsShape<E>(options: SelectOptions<E>): string {
  let shape = '';
  if (options.order) shape += ` order ${JSON.stringify(options.order)}`;
  if (options.take !== undefined) shape += ' take';
  if (options.lock) shape += ` ${options.lock}`;
  return shape;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
