import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { IDEMPOTENT_COMMANDS_TABLE } from '../messaging/idempotent-commands';
import { ident } from './bootstrap';
import { DB_ROLES, runtimeGroup, tenantIsolationSql } from './roles';

export type MigrationClass = new () => MigrationInterface;

/**
 * Brings a service's schema up to date as the owner role: creates the schema, gives the schema's
 * runtime group (tf_runtime_<schema>) its privileges, then runs the platform's tables (outbox,
 * inbox) and the service's own migrations, each in its own transaction. An advisory lock per
 * schema lets replicas start at once.
 *
 * Migrations grant and revoke the runtime's privileges on tf_runtime (DB_ROLES.runtime), as they
 * always have; while they run, tf_runtime holds what the group holds, and when they are done the
 * group gets exactly what tf_runtime then holds and tf_runtime is left with nothing. tf_runtime,
 * which every service's login is in, never has USAGE on the schema, so what it holds meanwhile is
 * out of its logins' reach.
 */
export async function migrateSchema(options: {
  ownerUrl: string;
  schema: string;
  migrations: MigrationClass[];
}): Promise<string[]> {
  const schema = ident(options.schema);
  const group = ident(runtimeGroup(schema));
  const shared = DB_ROLES.runtime;
  const dml = 'SELECT, INSERT, UPDATE, DELETE';
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.ownerUrl,
    schema,
    migrations: [...platformMigrations(schema), ...options.migrations],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    logging: ['error'],
    poolSize: 2,
  });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`tf-migrate:${schema}`]);
    await requireGroup(lock, group);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    // Earlier versions gave the schema to tf_runtime: without USAGE, what it still holds in here
    // is out of reach at once, and handOver below moves it to the group.
    await lock.query(`REVOKE ALL ON SCHEMA ${schema} FROM ${shared}`);
    await lock.query(`GRANT USAGE ON SCHEMA ${schema} TO ${group}`);
    await lock.query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${DB_ROLES.auth}`);
    const pending = await dataSource.showMigrations();
    let applied: string[] = [];
    if (pending) {
      await lock.query(
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE ALL ON TABLES FROM ${group}`,
      );
      await lock.query(
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${dml} ON TABLES TO ${shared}`,
      );
      for (const [object, privileges] of await grantsIn(lock, schema, group)) {
        await lock.query(`GRANT ${privileges} ON ${object} TO ${shared}`);
      }
      applied = (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    }
    await lock.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE ALL ON TABLES FROM ${shared}`,
    );
    await lock.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${dml} ON TABLES TO ${group}`,
    );
    // The runtime has no business with the migration history.
    await lock.query(`REVOKE ALL ON ${schema}.migrations FROM ${shared}, ${group}`);
    await handOver(lock, schema, group, { exact: pending });
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`tf-migrate:${schema}`]);
    return applied;
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}

interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** The group is created with the database (bootstrapDatabase, or an operator's SQL), not here. */
async function requireGroup(q: SqlRunner, group: string): Promise<void> {
  const found = (await q.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [group])) as unknown[];
  if (found.length === 0) {
    throw new Error(
      `role ${group} does not exist: create it and the service's login as docs/decisions.md ("Roles") shows`,
    );
  }
}

/** What `role` holds on each table, sequence and function of the schema ("TABLE s.t" → "INSERT, SELECT"). */
async function grantsIn(q: SqlRunner, schema: string, role: string): Promise<Map<string, string>> {
  const rows = (await q.query(
    `SELECT format('%s %I.%I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                   n.nspname, c.relname) AS object,
            string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type) AS privileges
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
      WHERE n.nspname = $1 AND a.grantee = $2::regrole
      GROUP BY 1
     UNION ALL
     SELECT format('FUNCTION %I.%I(%s)', n.nspname, p.proname,
                   pg_get_function_identity_arguments(p.oid)),
            string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type)
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a
      WHERE n.nspname = $1 AND a.grantee = $2::regrole
      GROUP BY 1`,
    [schema, role],
  )) as Array<{ object: string; privileges: string }>;
  return new Map(rows.map((row) => [row.object, row.privileges]));
}

/**
 * Gives the group exactly what tf_runtime holds on each object of the schema and takes it all
 * from tf_runtime, in one transaction. After migrations (`exact`), objects tf_runtime no longer
 * holds anything on are the group's to lose too; otherwise only what tf_runtime holds moves: a
 * database an earlier version left, where every grant is tf_runtime's.
 */
async function handOver(
  q: SqlRunner,
  schema: string,
  group: string,
  { exact }: { exact: boolean },
): Promise<void> {
  const shared = await grantsIn(q, schema, DB_ROLES.runtime);
  const own = exact ? await grantsIn(q, schema, group) : new Map<string, string>();
  const objects = new Set([...shared.keys(), ...own.keys()]);
  if (objects.size === 0) return;
  await q.query('BEGIN');
  try {
    for (const object of objects) {
      const privileges = shared.get(object);
      if (privileges !== own.get(object)) {
        await q.query(`REVOKE ALL ON ${object} FROM ${group}`);
        if (privileges) await q.query(`GRANT ${privileges} ON ${object} TO ${group}`);
      }
      if (privileges) await q.query(`REVOKE ALL ON ${object} FROM ${DB_ROLES.runtime}`);
    }
    await q.query('COMMIT');
  } catch (error) {
    await q.query('ROLLBACK');
    throw error;
  }
}

/**
 * The tables every service gets from the platform: the transactional outbox and the inbox, the
 * replies of commands handled with an Idempotency-Key, and the dead letters.
 */
function platformMigrations(schema: string): MigrationClass[] {
  class PlatformOutboxInbox1764115200000 implements MigrationInterface {
    name = 'PlatformOutboxInbox1764115200000';
    async up(q: QueryRunner): Promise<void> {
      // Platform queues, not tenant data: the relay reads across tenants, so no RLS here; rows
      // are only ever written inside the tenant transaction of the change they announce.
      await q.query(`CREATE TABLE ${schema}.outbox (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        type text NOT NULL,
        subject text NOT NULL,
        envelope bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
      await q.query(
        `CREATE INDEX outbox_unpublished ON ${schema}.outbox (id) WHERE published_at IS NULL`,
      );
      await q.query(`CREATE TABLE ${schema}.inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        tenant_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${schema}.inbox`);
      await q.query(`DROP TABLE ${schema}.outbox`);
    }
  }
  class PlatformIdempotentCommands1764300000000 implements MigrationInterface {
    name = 'PlatformIdempotentCommands1764300000000';
    async up(q: QueryRunner): Promise<void> {
      const table = `${schema}.${IDEMPOTENT_COMMANDS_TABLE}`;
      await q.query(`CREATE TABLE ${table} (
        tenant_id text NOT NULL,
        client_id text NOT NULL,
        key text NOT NULL,
        subject text NOT NULL,
        fingerprint text NOT NULL,
        -- Written in the command's own transaction before it commits: never null once visible.
        reply bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, client_id, key, subject)
      )`);
      await q.query(`CREATE INDEX ${IDEMPOTENT_COMMANDS_TABLE}_created ON ${table} (created_at)`);
      // Replies are tenant data: row-level security like any tenant table.
      for (const statement of tenantIsolationSql(table)) await q.query(statement);
      // Old replies are purged across centers through this one narrow function, owned by tf_auth
      // (BYPASSRLS), rather than by switching RLS off for the runtime role.
      await q.query(`CREATE FUNCTION ${schema}.purge_idempotent_commands(p_before timestamptz)
        RETURNS integer LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
          WITH gone AS (DELETE FROM ${table} WHERE created_at < p_before RETURNING 1)
          SELECT count(*)::integer FROM gone
        $$`);
      await q.query(`GRANT SELECT, DELETE ON ${table} TO ${DB_ROLES.auth}`);
      const fn = `${schema}.purge_idempotent_commands(timestamptz)`;
      await q.query(`ALTER FUNCTION ${fn} OWNER TO ${DB_ROLES.auth}`);
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${DB_ROLES.runtime}`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP FUNCTION ${schema}.purge_idempotent_commands(timestamptz)`);
      await q.query(`DROP TABLE ${schema}.${IDEMPOTENT_COMMANDS_TABLE}`);
    }
  }
  class PlatformDeadLetters1796300000000 implements MigrationInterface {
    name = 'PlatformDeadLetters1796300000000';
    async up(q: QueryRunner): Promise<void> {
      const table = `${schema}.dead_letters`;
      // Events a handler failed on too many times (InboxConsumer parks them; ops list and replay
      // them). A platform table like the outbox and the inbox, deliberately without row-level
      // security: rows are written by the platform's consumer and read only by the
      // platform-level ops operations (tf.<service>.dead-letter.*, platform admins through the
      // gateway), which must see every center's at once, as the relay sees every center's
      // outbox rows; no service code and no tenant-scoped path reads it. RLS would only force a
      // SECURITY DEFINER reader and a parking transaction per center for no reader it keeps out.
      // tenant_id records the event's center, for the listing's filter.
      await q.query(`CREATE TABLE ${table} (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        consumer text NOT NULL,
        -- Absent when the envelope itself could not be decoded; text, as a malformed id is one
        -- more reason to park.
        event_id text,
        event_type text NOT NULL,
        subject text NOT NULL,
        envelope bytea NOT NULL,
        error text NOT NULL,
        error_stack text NOT NULL DEFAULT '',
        attempts integer NOT NULL,
        first_failed_at timestamptz NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now(),
        replayed_at timestamptz
      )`);
      // One letter per event and consumer (NULL ids never collide).
      await q.query(`CREATE UNIQUE INDEX dead_letters_event ON ${table} (consumer, event_id)`);
      await q.query(`CREATE INDEX dead_letters_parked ON ${table} (parked_at DESC)`);
      // Evidence is kept: the runtime role parks, lists and marks replays, and deletes nothing.
      await q.query(`REVOKE DELETE, TRUNCATE ON ${table} FROM ${DB_ROLES.runtime}`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${schema}.dead_letters`);
    }
  }
  return [
    PlatformOutboxInbox1764115200000,
    PlatformIdempotentCommands1764300000000,
    PlatformDeadLetters1796300000000,
  ];
}
