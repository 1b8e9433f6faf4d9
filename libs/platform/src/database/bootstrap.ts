import { Client } from 'pg';
import { DB_ROLES, runtimeGroup, serviceLogin } from './roles';

/**
 * Creates what a service's own migrations cannot: the roles and the database. Run with a
 * superuser by `npm start` on a developer machine and by the tests; in production an operator
 * runs the equivalent SQL once (docs/decisions.md, "Roles"). Idempotent and safe to race: a cluster-wide
 * advisory lock serialises concurrent callers.
 */
export interface BootstrapOptions {
  /** Superuser URL, any database (e.g. postgres://postgres@127.0.0.1:5432/postgres). */
  adminUrl: string;
  database: string;
  /** Login role that owns the schemas and runs migrations. */
  owner: { user: string; password: string };
  /**
   * The base of the runtime logins: each service runs as its own, `<user>_<service>`
   * (tf_app_valuation) with this password, a member of tf_runtime and of its schema's group
   * (tf_runtime_valuation) only, no BYPASSRLS.
   */
  runtime: { user: string; password: string };
  /** The services (each named as its schema) that get a group and a runtime login. */
  services: readonly string[];
}

const BOOTSTRAP_LOCK = 7_301_001;

export async function bootstrapDatabase(options: BootstrapOptions): Promise<void> {
  const admin = new Client({ connectionString: options.adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK]);
    await ensureRole(admin, DB_ROLES.runtime, 'NOLOGIN NOBYPASSRLS');
    await ensureRole(admin, DB_ROLES.auth, 'NOLOGIN BYPASSRLS');
    await ensureRole(
      admin,
      options.owner.user,
      `LOGIN NOBYPASSRLS PASSWORD ${literal(options.owner.password)}`,
    );
    await ensureServiceLogins(admin, options.runtime, options.services);
    // The owner hands authentication functions to tf_auth (ALTER FUNCTION ... OWNER TO needs membership).
    await admin.query(`GRANT ${DB_ROLES.auth} TO ${ident(options.owner.user)}`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      options.database,
    ]);
    if (exists.rowCount === 0) {
      await admin.query(
        `CREATE DATABASE ${ident(options.database)} OWNER ${ident(options.owner.user)}`,
      );
    }
    await admin.query(`REVOKE ALL ON DATABASE ${ident(options.database)} FROM PUBLIC`);
    await admin.query(
      `GRANT CONNECT ON DATABASE ${ident(options.database)} TO ${DB_ROLES.runtime}`,
    );
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK]).catch(() => undefined);
    await admin.end();
  }
}

/**
 * The group and the runtime login of each service (cluster-wide, so one database's bootstrap
 * serves them all): for a service that joins after the database was bootstrapped, as a test's
 * probe service does. Idempotent and safe to race, like bootstrapDatabase.
 */
export async function bootstrapServiceLogins(
  adminUrl: string,
  runtime: { user: string; password: string },
  services: readonly string[],
): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK]);
    await ensureServiceLogins(admin, runtime, services);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK]).catch(() => undefined);
    await admin.end();
  }
}

async function ensureServiceLogins(
  admin: Client,
  runtime: { user: string; password: string },
  services: readonly string[],
): Promise<void> {
  for (const service of services) {
    const group = ident(runtimeGroup(service));
    const login = ident(serviceLogin(runtime.user, service));
    await ensureRole(admin, group, 'NOLOGIN NOBYPASSRLS');
    await ensureRole(
      admin,
      login,
      `LOGIN NOBYPASSRLS NOSUPERUSER PASSWORD ${literal(runtime.password)}`,
    );
    // CONNECT comes through tf_runtime, everything in the schema through the service's group.
    await admin.query(`GRANT ${DB_ROLES.runtime}, ${group} TO ${login}`);
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function ensureRole(client: Client, role: string, attributes: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  await client.query(`${found.rowCount ? 'ALTER' : 'CREATE'} ROLE ${ident(role)} ${attributes}`);
}

export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return name;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The same URL with another database name (keeps user, password, host, port). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The runtime URL of one service: the same URL, logging in as `<user>_<service>` (serviceLogin). */
export function serviceRuntimeUrl(url: string, service: string): string {
  const parsed = new URL(url);
  parsed.username = serviceLogin(decodeURIComponent(parsed.username), service);
  return parsed.toString();
}

/** The same URL with another user and password. */
export function withUser(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}
