import { createLogger, TenantDatabase, withDatabase } from '@tf/platform';
import { asTenant, dropTestDatabase, migratedTestDatabase, type TestDatabase } from '@tf/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { IDEMPOTENCY_SQL, IdempotencyStore } from '../src/idempotency/idempotency.store';
import { migrations } from '../src/migrations';

/*
 * Idempotency-Keys past their 24-hour replay window are purged across centers by the runtime
 * role, through the SECURITY DEFINER function of the migration (RLS stays on for everything else).
 */
describe('gateway.idempotency_keys past the replay window', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: IdempotencyStore;

  beforeAll(async () => {
    db = await migratedTestDatabase('gateway', migrations);
    dataSource = await new DataSource({
      type: 'postgres',
      url: db.runtimeUrl('gateway'),
      poolSize: 2,
    }).initialize();
    store = new IdempotencyStore(
      new TenantDatabase(dataSource, 'gateway'),
      createLogger('gateway', 'silent'),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (db) await dropTestDatabase(db);
  });

  /** A key claimed by a bank of the center, as the gateway claims one. */
  const claim = (tenant: string, key: string) =>
    asTenant(db.runtimeUrl('gateway'), tenant, (sql) =>
      sql.query(IDEMPOTENCY_SQL.claim, [tenant, 'bank', key, 'f', 'POST', '/api/v1/x']),
    );

  it('are deleted in every center; keys inside the window stay', async () => {
    await claim('jinan', 'old');
    await claim('liaocheng', 'old');
    await claim('jinan', 'recent');
    // As the superuser: the runtime role sees one center at a time.
    const admin = new Client({ connectionString: withDatabase(db.adminUrl, db.name) });
    await admin.connect();
    try {
      await admin.query(
        `UPDATE gateway.idempotency_keys SET created_at = now() - interval '24 hours 1 minute'
          WHERE key = 'old'`,
      );
      await admin.query(
        `UPDATE gateway.idempotency_keys SET created_at = now() - interval '23 hours'
          WHERE key = 'recent'`,
      );
      expect(await store.purgeExpired()).toBe(2);
      const { rows } = await admin.query(
        'SELECT tenant_id, key FROM gateway.idempotency_keys ORDER BY 1, 2',
      );
      expect(rows).toEqual([{ tenant_id: 'jinan', key: 'recent' }]);
    } finally {
      await admin.end();
    }
  });

  it('the function never deletes a key inside the window, whatever it is asked', async () => {
    await claim('jinan', 'fresh');
    const purged = await asTenant(db.runtimeUrl('gateway'), 'jinan', (sql) =>
      sql.query(`SELECT gateway.purge_idempotency_keys(now() + interval '1 day') AS purged`),
    );
    expect(purged.rows).toEqual([{ purged: 0 }]);
  });

  it('the runtime role cannot delete another center’s keys by itself', async () => {
    await claim('liaocheng', 'theirs');
    const deleted = await asTenant(db.runtimeUrl('gateway'), 'jinan', (sql) =>
      sql.query(`DELETE FROM gateway.idempotency_keys WHERE key = 'theirs'`),
    );
    expect(deleted.rowCount).toBe(0);
  });
});
