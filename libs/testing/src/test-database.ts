import { randomBytes } from 'node:crypto';
import { bootstrapDatabase, dropDatabase, withDatabase, withUser } from '@tf/platform';

/**
 * A fresh PostgreSQL database for one test run, created with the same roles production uses and
 * dropped at the end. Its name always starts with tf_test_, and dropTestDatabase refuses any
 * other name, so a test can never drop real data.
 */
export interface TestDatabase {
  name: string;
  /** Runtime role (tf_app, no BYPASSRLS). */
  url: string;
  /** Owner role (tf_owner): migrations. */
  ownerUrl: string;
  adminUrl: string;
}

export const TEST_DATABASE_PREFIX = 'tf_test_';

export function adminUrl(): string {
  return process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export async function createTestDatabase(label = 'run'): Promise<TestDatabase> {
  const name = `${TEST_DATABASE_PREFIX}${label.replace(/[^a-z0-9]/g, '')}_${randomBytes(4).toString('hex')}`;
  const admin = adminUrl();
  await bootstrapDatabase({
    adminUrl: admin,
    database: name,
    owner: { user: 'tf_owner', password: 'tf_owner' },
    runtime: { user: 'tf_app', password: 'tf_app' },
  });
  const base = withDatabase(admin, name);
  return {
    name,
    adminUrl: admin,
    url: withUser(base, 'tf_app', 'tf_app'),
    ownerUrl: withUser(base, 'tf_owner', 'tf_owner'),
  };
}

export async function dropTestDatabase(db: TestDatabase): Promise<void> {
  if (!db.name.startsWith(TEST_DATABASE_PREFIX)) {
    throw new Error(`refusing to drop ${db.name}: not a test database`);
  }
  await dropDatabase(db.adminUrl, db.name);
}
