import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  bootstrapDatabase,
  bootstrapServiceLogins,
  dropDatabase,
  serviceRuntimeUrl,
  withDatabase,
  withUser,
} from '@tf/platform';

/**
 * A fresh PostgreSQL database for one test run, created with the same roles production uses and
 * dropped at the end. Its name always starts with tf_test_, and dropTestDatabase refuses any
 * other name, so a test can never drop real data.
 */
export interface TestDatabase {
  name: string;
  /** Owner role (tf_owner): migrations. */
  ownerUrl: string;
  adminUrl: string;
  /**
   * The runtime login of one service (tf_app_<service>: a member of tf_runtime_<service> only, no
   * BYPASSRLS), as the service itself connects. Every service of services/ has one; a test's own
   * probe service gets it from addService (TestStack.startService calls it).
   */
  runtimeUrl(service: string): string;
  /** Creates the group and runtime login of a service services/ does not hold; its URL. */
  addService(service: string): Promise<string>;
}

export const TEST_DATABASE_PREFIX = 'tf_test_';

/** The password of every runtime login in tests (tf_app_<service>), as `npm start`'s default. */
const RUNTIME = { user: 'tf_app', password: 'tf_app' };

/**
 * The services of this repository (services/<name>/src/service.ts, named as their schema): their
 * logins exist before any of them starts, so a service started apart in a child process (from
 * TestStack.env) finds its own. Read from the folders, not imported: libs never load services.
 */
function repositoryServices(): string[] {
  const dir = join(__dirname, '..', '..', '..', 'services');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => existsSync(join(dir, name, 'src', 'service.ts')));
}

export function adminUrl(): string {
  return process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** `admin`: a superuser URL of another cluster than the machine's (a fault test's own). */
export async function createTestDatabase(label = 'run', admin = adminUrl()): Promise<TestDatabase> {
  const name = `${TEST_DATABASE_PREFIX}${label.replace(/[^a-z0-9]/g, '')}_${randomBytes(4).toString('hex')}`;
  await bootstrapDatabase({
    adminUrl: admin,
    database: name,
    owner: { user: 'tf_owner', password: 'tf_owner' },
    runtime: RUNTIME,
    services: repositoryServices(),
  });
  const base = withDatabase(admin, name);
  const runtimeUrl = (service: string) =>
    serviceRuntimeUrl(withUser(base, RUNTIME.user, RUNTIME.password), service);
  return {
    name,
    adminUrl: admin,
    ownerUrl: withUser(base, 'tf_owner', 'tf_owner'),
    runtimeUrl,
    async addService(service) {
      await bootstrapServiceLogins(admin, RUNTIME, [service]);
      return runtimeUrl(service);
    },
  };
}

export async function dropTestDatabase(db: TestDatabase): Promise<void> {
  if (!db.name.startsWith(TEST_DATABASE_PREFIX)) {
    throw new Error(`refusing to drop ${db.name}: not a test database`);
  }
  await dropDatabase(db.adminUrl, db.name);
}
