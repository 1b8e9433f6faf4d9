import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { IDEMPOTENT_COMMANDS_TABLE } from '../messaging/idempotent-commands';
import { ident } from './bootstrap';
import { DB_ROLES, tenantIsolationSql } from './roles';

export type MigrationClass = new () => MigrationInterface;

/**
 * Brings a service's schema up to date as the owner role: creates the schema, gives the runtime
 * group its privileges, then runs the platform's tables (outbox, inbox) and the service's own
 * migrations, each in its own transaction. An advisory lock per schema lets replicas start at once.
 */
export async function migrateSchema(options: {
  ownerUrl: string;
  schema: string;
  migrations: MigrationClass[];
}): Promise<string[]> {
  const schema = ident(options.schema);
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
    await lock.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await lock.query(`GRANT USAGE ON SCHEMA ${schema} TO ${DB_ROLES.runtime}`);
    await lock.query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${DB_ROLES.auth}`);
    await lock.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${DB_ROLES.runtime}`,
    );
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    // The runtime role has no business with the migration history.
    await lock.query(`REVOKE ALL ON ${schema}.migrations FROM ${DB_ROLES.runtime}`);
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`tf-migrate:${schema}`]);
    return applied.map((m) => m.name);
  } finally {
    await lock.release();
    await dataSource.destroy();
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
