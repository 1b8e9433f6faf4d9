import {
  assertRuntimeLogin,
  DB_ROLES,
  migrateSchema,
  policyTableMigration,
  runtimeGroup,
  serviceLogin,
  withDatabase,
  type MigrationClass,
} from '@tf/platform';
import { asTenant, createTestDatabase, dropTestDatabase, type TestDatabase } from '@tf/testing';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { discoverServices, startNetwork, type Network } from './network';

/** A service's migrations, loaded from its folder as network.ts loads the service itself. */
function migrationsOf(service: string): MigrationClass[] {
  const file = join(__dirname, '..', '..', 'services', service, 'src', 'migrations');
  return (require(file) as { migrations: MigrationClass[] }).migrations;
}

/*
 * Issue 14, item 4: each service runs as its own PostgreSQL login, in its own group
 * (tf_runtime_<service>), which can touch its own schema and nothing else; row-level security
 * still applies to it. Checked on the running network, as the services really connect, and on a
 * database laid out as earlier versions left it (every grant on the shared tf_runtime), which
 * the migrations must upgrade.
 */

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** The runtime login tests connect as: DATABASE_URL's user + _<service>, as TestStack sets it. */
const login = (service: string) => serviceLogin('tf_app', service);

/**
 * Every privilege a tf_runtime role holds on the schemas, their tables, sequences and functions,
 * and in their default privileges: "<role> <object>: <privileges>", sorted.
 */
async function privileges(sql: Client, schemas: string[]): Promise<string[]> {
  const { rows } = await sql.query<{ line: string }>(
    `WITH acl AS (
       SELECT format('schema %s', n.nspname) AS object, a.grantee, a.privilege_type
         FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname = ANY($1)
       UNION ALL
       SELECT format('%s %s.%s', c.relkind, n.nspname, c.relname), a.grantee, a.privilege_type
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
        WHERE n.nspname = ANY($1)
       UNION ALL
       SELECT format('function %s.%s', n.nspname, p.proname), a.grantee, a.privilege_type
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a
        WHERE n.nspname = ANY($1)
       UNION ALL
       SELECT format('default %s in %s', d.defaclobjtype, n.nspname), a.grantee, a.privilege_type
         FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace,
              aclexplode(d.defaclacl) a
        WHERE n.nspname = ANY($1)
     )
     SELECT format('%s %s: %s', r.rolname, acl.object,
                   string_agg(acl.privilege_type, ',' ORDER BY acl.privilege_type)) AS line
       FROM acl JOIN pg_roles r ON r.oid = acl.grantee
      WHERE starts_with(r.rolname, $2)
      GROUP BY r.rolname, acl.object
      ORDER BY 1`,
    [schemas, DB_ROLES.runtime],
  );
  return rows.map((row) => row.line);
}

describe('database roles: one runtime login per service, its own schema only', () => {
  let network: Network;
  let services: string[];
  let admin: Client;

  beforeAll(async () => {
    network = await startNetwork('dbroles');
    services = discoverServices().map((service) => service.name);
    admin = new Client({
      connectionString: withDatabase(network.stack.db.adminUrl, network.stack.db.name),
    });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await network?.stack.stop();
  });

  const as = async <T>(service: string, work: (sql: Client) => Promise<T>): Promise<T> => {
    const sql = new Client({ connectionString: network.stack.db.runtimeUrl(service) });
    await sql.connect();
    try {
      return await work(sql);
    } finally {
      await sql.end();
    }
  };

  it('every running service is connected as its own login', async () => {
    // The runtime pool names itself after the service (application_name); the relay keeps it busy.
    const { rows } = await admin.query<{ service: string; logins: string[] }>(
      `SELECT application_name AS service, array_agg(DISTINCT usename::text) AS logins
         FROM pg_stat_activity WHERE datname = current_database() AND application_name = ANY($1)
        GROUP BY 1 ORDER BY 1`,
      [services],
    );
    expect(rows).toEqual(
      [...services].sort().map((service) => ({ service, logins: [login(service)] })),
    );
  });

  it('each login can use its own schema and no other service’s: schemas, tables, functions', async () => {
    const { rows } = await admin.query<{ login: string; schemas: string[]; tables: string[] }>(
      `SELECT l AS login,
              ARRAY(SELECT nspname::text FROM pg_namespace
                     WHERE nspname = ANY($1) AND has_schema_privilege(l, oid, 'USAGE')
                     ORDER BY 1) AS schemas,
              ARRAY(SELECT DISTINCT n.nspname::text FROM pg_class c
                      JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v')
                       AND has_table_privilege(l, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
                     ORDER BY 1) AS tables
         FROM unnest($2::text[]) AS l ORDER BY 1`,
      [services, services.map(login)],
    );
    expect(rows).toEqual(
      [...services]
        .sort()
        .map((service) => ({ login: login(service), schemas: [service], tables: [service] })),
    );
    // The one cross-service need there was: authentication's functions, the tenancy login's only.
    const { rows: fns } = await admin.query<{ login: string }>(
      `SELECT l AS login FROM unnest($1::text[]) AS l
        WHERE has_function_privilege(l, 'tenancy.user_for_login(text)', 'EXECUTE')
          AND has_function_privilege(l, 'tenancy.api_key_for_auth(text)', 'EXECUTE')`,
      [services.map(login)],
    );
    expect(fns).toEqual([{ login: login('tenancy') }]);
  });

  it("valuation's login is refused in credit's schema and tenancy's functions, served in its own", async () => {
    const result = await as('valuation', async (sql) => ({
      readCredit: await outcome(() => sql.query('SELECT count(*) FROM credit.loans')),
      writeCredit: await outcome(() =>
        sql.query(
          `INSERT INTO credit.outbox (id, tenant_id, type, subject, envelope)
           VALUES (gen_random_uuid(), 'jinan', 'x', 'x', '\\x00')`,
        ),
      ),
      login: await outcome(() => sql.query(`SELECT * FROM tenancy.user_for_login('admin')`)),
    }));
    // 42501: insufficient_privilege ("permission denied for schema credit").
    expect(result).toEqual({ readCredit: '42501', writeCredit: '42501', login: '42501' });

    const own = await asTenant(network.stack.db.runtimeUrl('valuation'), 'jinan', async (sql) => {
      await sql.query('SELECT count(*) FROM valuation.valuations');
      await sql.query(
        `INSERT INTO valuation.outbox (id, tenant_id, type, subject, envelope)
         VALUES (gen_random_uuid(), 'jinan', 'probe', 'probe', '\\x00')`,
      );
      const { rows } = await sql.query(`SELECT count(*)::int AS n FROM valuation.outbox
                                         WHERE type = 'probe'`);
      await sql.query(`DELETE FROM valuation.outbox WHERE type = 'probe'`);
      return rows[0].n as number;
    });
    expect(own).toBe(1);
  });

  it('row-level security is still forced on every tenant table, for the service’s own login too', async () => {
    const { rows } = await admin.query<{ table: string; forced: boolean }>(
      `SELECT format('%s.%s', n.nspname, c.relname) AS table,
              c.relrowsecurity AND c.relforcerowsecurity AS forced
         FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1) AND p.polname = 'tenant_isolation'`,
      [services],
    );
    expect(rows.length).toBeGreaterThanOrEqual(services.length);
    expect(rows.filter((row) => !row.forced)).toEqual([]);

    const smuggled = await outcome(() =>
      asTenant(network.stack.db.runtimeUrl('valuation'), 'liaocheng', (sql) =>
        sql.query(
          `INSERT INTO valuation.idempotent_commands (tenant_id, client_id, key, subject, fingerprint)
           VALUES ('jinan', 'c', 'k', 's', 'f')`,
        ),
      ),
    );
    expect(smuggled).toBe('42501'); // new row violates row-level security policy
  });

  it('no runtime role bypasses row-level security, and each login is in tf_runtime and its own group only', async () => {
    const roles = [DB_ROLES.runtime, ...services.flatMap((s) => [runtimeGroup(s), login(s)])];
    const { rows } = await admin.query<{ role: string; bypass: boolean; groups: string[] }>(
      `SELECT r.rolname AS role, r.rolsuper OR r.rolbypassrls AS bypass,
              ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                     WHERE m.member = r.oid ORDER BY 1) AS groups
         FROM pg_roles r WHERE r.rolname = ANY($1) ORDER BY 1`,
      [roles],
    );
    expect(rows).toHaveLength(roles.length);
    expect(rows.filter((row) => row.bypass)).toEqual([]);
    for (const service of services) {
      expect(rows.find((row) => row.role === login(service))?.groups).toEqual(
        [DB_ROLES.runtime, runtimeGroup(service)].sort(),
      );
    }
  });

  it('the shared tf_runtime holds nothing in any service schema; each group holds its own', async () => {
    const held = await privileges(admin, services);
    expect(held.filter((line) => line.startsWith(`${DB_ROLES.runtime} `))).toEqual([]);
    for (const service of services) {
      expect(held).toContain(`${runtimeGroup(service)} schema ${service}: USAGE`);
      expect(held).toContain(
        `${runtimeGroup(service)} r ${service}.outbox: DELETE,INSERT,SELECT,UPDATE`,
      );
      // Evidence is kept: the runtime parks, lists and marks dead letters, and deletes none.
      expect(held).toContain(
        `${runtimeGroup(service)} r ${service}.dead_letters: INSERT,SELECT,UPDATE`,
      );
      expect(held.filter((line) => line.includes(` ${service}.migrations:`))).toEqual([]);
    }
  });

  it('a service refuses to start on a login that is not its own', async () => {
    const refusal = async (url: string, schema: string) => {
      const sql = new Client({ connectionString: url });
      await sql.connect();
      try {
        await assertRuntimeLogin({ query: (q, p) => sql.query(q, p).then((r) => r.rows) }, schema);
        return 'started';
      } catch (error) {
        return (error as Error).message;
      } finally {
        await sql.end();
      }
    };
    const db = network.stack.db;
    expect(await refusal(db.runtimeUrl('valuation'), 'valuation')).toBe('started');
    expect(await refusal(db.runtimeUrl('credit'), 'valuation')).toMatch(
      /^DATABASE_URL logs in as tf_app_credit, which cannot use schema valuation: run valuation as its own login, a member of tf_runtime and tf_runtime_valuation only/,
    );
    expect(await refusal(withDatabase(db.adminUrl, db.name), 'valuation')).toMatch(
      /^DATABASE_URL logs in as postgres, which bypasses row-level security/,
    );
    // A login in two services' groups reaches both schemas: refused, by name of the other group.
    const both = `tf_test_both_${randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE ROLE ${both} LOGIN PASSWORD 'both'`);
    try {
      await admin.query(`GRANT tf_runtime, tf_runtime_valuation, tf_runtime_credit TO ${both}`);
      const url = new URL(db.runtimeUrl('valuation'));
      [url.username, url.password] = [both, 'both'];
      expect(await refusal(url.toString(), 'valuation')).toMatch(
        new RegExp(`^DATABASE_URL logs in as ${both}, which is also in tf_runtime_credit:`),
      );
    } finally {
      await admin.query(`DROP ROLE ${both}`);
    }
  });
});

describe('database roles: a database an earlier version left is upgraded by the migrations', () => {
  // As PlatformModule migrates them: the policy table first where the service owns a policy.
  const schemas: Array<[string, MigrationClass[]]> = [
    ['tenancy', migrationsOf('tenancy')],
    ['credit', [policyTableMigration('credit'), ...migrationsOf('credit')]],
    ['valuation', [policyTableMigration('valuation'), ...migrationsOf('valuation')]],
  ];
  const names = schemas.map(([schema]) => schema);
  let db: TestDatabase;
  let admin: Client;
  let fresh: string[];

  const migrateAll = async (extra: Record<string, MigrationClass[]> = {}) => {
    for (const [schema, migrations] of schemas) {
      await migrateSchema({
        ownerUrl: db.ownerUrl,
        schema,
        migrations: [...migrations, ...(extra[schema] ?? [])],
      });
    }
  };

  /**
   * What earlier versions left: every runtime grant on tf_runtime (schema USAGE, default
   * privileges, each table's and function's), none on the services' groups.
   */
  const rewindToSharedRole = async () => {
    for (const schema of names) {
      const group = runtimeGroup(schema);
      const { rows } = await admin.query<{ object: string; privileges: string }>(
        `SELECT format('TABLE %I.%I', n.nspname, c.relname) AS object,
                string_agg(a.privilege_type, ', ') AS privileges
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
          WHERE n.nspname = $1 AND a.grantee = $2::regrole GROUP BY 1
         UNION ALL
         SELECT format('FUNCTION %I.%I(%s)', n.nspname, p.proname,
                       pg_get_function_identity_arguments(p.oid)), 'EXECUTE'
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a
          WHERE n.nspname = $1 AND a.grantee = $2::regrole`,
        [schema, group],
      );
      for (const { object, privileges } of rows) {
        await admin.query(`GRANT ${privileges} ON ${object} TO tf_runtime`);
        await admin.query(`REVOKE ALL ON ${object} FROM ${group}`);
      }
      await admin.query(`GRANT USAGE ON SCHEMA ${schema} TO tf_runtime`);
      await admin.query(`REVOKE ALL ON SCHEMA ${schema} FROM ${group}`);
      await admin.query(
        `ALTER DEFAULT PRIVILEGES FOR ROLE tf_owner IN SCHEMA ${schema} REVOKE ALL ON TABLES FROM ${group}`,
      );
      await admin.query(
        `ALTER DEFAULT PRIVILEGES FOR ROLE tf_owner IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tf_runtime`,
      );
    }
  };

  /** A later migration written as migrations are: it grants and revokes on tf_runtime. */
  const laterMigration = (): MigrationClass => {
    class CreditLater1899999999999 implements MigrationInterface {
      name = 'CreditLater1899999999999';
      async up(q: QueryRunner): Promise<void> {
        await q.query(`CREATE TABLE credit.later_notes (id uuid PRIMARY KEY, body text)`);
        await q.query(`REVOKE DELETE ON credit.later_notes FROM ${DB_ROLES.runtime}`);
        // On a table of an earlier migration: the group must lose it too.
        await q.query(`REVOKE UPDATE ON credit.loans FROM ${DB_ROLES.runtime}`);
      }
      async down(q: QueryRunner): Promise<void> {
        await q.query(`DROP TABLE credit.later_notes`);
      }
    }
    return CreditLater1899999999999;
  };

  beforeAll(async () => {
    db = await createTestDatabase('dbrolesupgrade');
    admin = new Client({ connectionString: withDatabase(db.adminUrl, db.name) });
    await admin.connect();
    await migrateAll();
    fresh = await privileges(admin, names);
  });

  afterAll(async () => {
    await admin?.end();
    if (db) await dropTestDatabase(db);
  });

  it('the rewound database is what earlier versions left: every login reaches every schema', async () => {
    await rewindToSharedRole();
    const held = await privileges(admin, names);
    expect(held.filter((line) => !line.startsWith(`${DB_ROLES.runtime} `))).toEqual([]);
    expect(held).toContain('tf_runtime schema credit: USAGE');
    const { rows } = await admin.query(
      `SELECT has_table_privilege($1, 'credit.loans', 'SELECT') AS cross`,
      [login('valuation')],
    );
    expect(rows[0]).toEqual({ cross: true });
  });

  it('migrating again gives each group exactly what a fresh database gives it, and tf_runtime nothing', async () => {
    await migrateAll();
    expect(await privileges(admin, names)).toEqual(fresh);
    expect(fresh.filter((line) => line.startsWith(`${DB_ROLES.runtime} `))).toEqual([]);
    expect(fresh).toContain(
      `${runtimeGroup('tenancy')} function tenancy.create_first_platform_admin: EXECUTE`,
    );
  });

  it('a later migration granting and revoking on tf_runtime reaches the group, on an upgraded database and on a rewound one', async () => {
    for (const start of ['upgraded', 'rewound']) {
      if (start === 'rewound') {
        await admin.query(`DROP TABLE credit.later_notes`);
        await admin.query(`DELETE FROM credit.migrations WHERE name = 'CreditLater1899999999999'`);
        await admin.query(`GRANT UPDATE ON credit.loans TO ${runtimeGroup('credit')}`);
        await rewindToSharedRole();
      }
      await migrateAll({ credit: [laterMigration()] });
      const held = await privileges(admin, names);
      expect({ start, shared: held.filter((l) => l.startsWith(`${DB_ROLES.runtime} `)) }).toEqual({
        start,
        shared: [],
      });
      expect({ start, lines: held.filter((l) => / credit\.(later_notes|loans):/.test(l)) }).toEqual(
        {
          start,
          lines: [
            'tf_runtime_credit r credit.later_notes: INSERT,SELECT,UPDATE',
            'tf_runtime_credit r credit.loans: DELETE,INSERT,SELECT',
          ],
        },
      );
    }
  });
});
