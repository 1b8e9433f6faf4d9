import { HttpAdapterHost } from '@nestjs/core';
import { createLogger, newId, TenantDatabase } from '@tf/platform';
import { asTenant, dropTestDatabase, migratedTestDatabase, type TestDatabase } from '@tf/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PLATFORM_TENANT, type AuditEntry } from '../src/audit/audit-record';
import { AuditTrail } from '../src/audit/audit-trail';
import { migrations } from '../src/migrations';

/*
 * Issue 14, item 6: the audit trail is append-only for the runtime role (no UPDATE, DELETE or
 * TRUNCATE: permission denied), for the owner too (a trigger), and each center sees only its own
 * rows. The writer puts a batch of several centers' rows each under its own center.
 */
function entry(tenant: string, fields: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: newId(),
    tenant,
    occurredAt: new Date(),
    actorKind: 'user',
    actorId: newId(),
    actorName: 'auditor.zhang',
    apiKeyId: null,
    actorRoles: ['center-admin'],
    method: 'POST',
    route: '/api/v1/users',
    path: '/api/v1/users',
    targetId: newId(),
    status: 201,
    problemType: null,
    requestId: newId(),
    clientAddress: '10.0.0.7',
    durationMs: 3.25,
    ...fields,
  };
}

const INSERT = `INSERT INTO gateway.audit_log (id, tenant_id, occurred_at, actor_kind, method, path,
  status, request_id, client_address, duration_ms)
  VALUES ($1, $2, now(), 'anonymous', 'POST', '/api/v1/x', 401, 'r', '127.0.0.1', 1)`;

/** The SQLSTATE and message a statement fails with, or 'ok'. */
async function outcome(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return 'ok';
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return `${code} ${message}`;
  }
}

describe('gateway.audit_log', () => {
  let db: TestDatabase;
  let runtime: string;
  const jinanRow = newId();

  beforeAll(async () => {
    db = await migratedTestDatabase('gateway', migrations);
    runtime = db.runtimeUrl('gateway');
    await asTenant(runtime, 'jinan', (sql) => sql.query(INSERT, [jinanRow, 'jinan']));
  });

  afterAll(async () => {
    if (db) await dropTestDatabase(db);
  });

  it('the runtime role may add and read a row of its center', async () => {
    const rows = await asTenant(runtime, 'jinan', (sql) =>
      sql.query('SELECT id FROM gateway.audit_log WHERE id = $1', [jinanRow]),
    );
    expect(rows.rows).toEqual([{ id: jinanRow }]);
  });

  it('the runtime role can neither update, delete nor truncate: permission denied', async () => {
    const attempts = {
      update: await outcome(() =>
        asTenant(runtime, 'jinan', (sql) =>
          sql.query(`UPDATE gateway.audit_log SET status = 200 WHERE id = $1`, [jinanRow]),
        ),
      ),
      delete: await outcome(() =>
        asTenant(runtime, 'jinan', (sql) =>
          sql.query(`DELETE FROM gateway.audit_log WHERE id = $1`, [jinanRow]),
        ),
      ),
      truncate: await outcome(() =>
        asTenant(runtime, 'jinan', (sql) => sql.query(`TRUNCATE gateway.audit_log`)),
      ),
    };
    // The privilege is missing (not the trigger, which would say "append-only").
    const denied = '42501 permission denied for table audit_log';
    expect(attempts).toEqual({ update: denied, delete: denied, truncate: denied });
  });

  it('the owner cannot rewrite it either: the trigger refuses', async () => {
    const owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`SELECT set_config('app.tenant_id', 'jinan', false)`);
      const update = await owner
        .query(`UPDATE gateway.audit_log SET status = 200 WHERE id = $1`, [jinanRow])
        .catch((error: Error) => error);
      const remove = await owner
        .query(`DELETE FROM gateway.audit_log WHERE id = $1`, [jinanRow])
        .catch((error: Error) => error);
      const truncate = await owner
        .query(`TRUNCATE gateway.audit_log`)
        .catch((error: Error) => error);
      expect([update, remove, truncate].map((e) => (e as Error).message)).toEqual([
        'the audit trail is append-only: UPDATE is not allowed',
        'the audit trail is append-only: DELETE is not allowed',
        'the audit trail is append-only: TRUNCATE is not allowed',
      ]);
      const { rows } = await owner.query('SELECT status FROM gateway.audit_log WHERE id = $1', [
        jinanRow,
      ]);
      expect(rows).toEqual([{ status: 401 }]);
    } finally {
      await owner.end();
    }
  });

  it("another center's rows are invisible, and it cannot write rows in another's name", async () => {
    const seen = await asTenant(runtime, 'liaocheng', (sql) =>
      sql.query('SELECT count(*)::int AS n FROM gateway.audit_log'),
    );
    expect(seen.rows).toEqual([{ n: 0 }]);
    const forged = await outcome(() =>
      asTenant(runtime, 'liaocheng', (sql) => sql.query(INSERT, [newId(), 'jinan'])),
    );
    expect(forged).toBe('42501 new row violates row-level security policy for table "audit_log"');
    const platform = await asTenant(runtime, PLATFORM_TENANT, (sql) =>
      sql.query('SELECT count(*)::int AS n FROM gateway.audit_log'),
    );
    expect(platform.rows).toEqual([{ n: 0 }]);
  });

  describe('the writer (AuditTrail)', () => {
    let dataSource: DataSource;
    let trail: AuditTrail;

    beforeAll(async () => {
      dataSource = await new DataSource({
        type: 'postgres',
        url: runtime,
        poolSize: 2,
      }).initialize();
      trail = new AuditTrail(
        new TenantDatabase(dataSource, 'gateway'),
        new HttpAdapterHost(),
        createLogger('gateway', 'silent'),
      );
    });

    afterAll(async () => {
      await dataSource?.destroy();
    });

    async function count(tenant: string, requestIdPrefix: string): Promise<number> {
      const result = await asTenant(runtime, tenant, (sql) =>
        sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM gateway.audit_log WHERE request_id LIKE $1`,
          [`${requestIdPrefix}%`],
        ),
      );
      return result.rows[0]?.n ?? -1;
    }

    it('writes a batch of three centers, each row under its own center', async () => {
      const tenants = ['jinan', 'liaocheng', PLATFORM_TENANT];
      for (let i = 0; i < 450; i++)
        trail.record(entry(tenants[i % 3] ?? 'jinan', { requestId: `batch-${i}` }));
      await trail.flush();
      expect({
        jinan: await count('jinan', 'batch-'),
        liaocheng: await count('liaocheng', 'batch-'),
        platform: await count(PLATFORM_TENANT, 'batch-'),
      }).toEqual({ jinan: 150, liaocheng: 150, platform: 150 });
    });

    it('keeps every field as recorded: several roles, none, nulls, quotes and commas in text', async () => {
      const sent = [
        entry('jinan', {
          requestId: 'fields-1',
          actorRoles: ['analyst', 'auditor'],
          actorName: 'o\'brien, "li" {x}',
          path: '/api/v1/enterprises?name=a,b',
        }),
        entry('jinan', {
          requestId: 'fields-2',
          actorKind: 'anonymous',
          actorId: null,
          actorName: null,
          actorRoles: [],
          route: null,
          targetId: null,
          status: 401,
          problemType: '/problems/unauthenticated',
          durationMs: 0.5,
        }),
      ];
      for (const row of sent) trail.record(row);
      await trail.flush();
      const stored = await asTenant(runtime, 'jinan', (sql) =>
        sql.query(
          `SELECT id, actor_kind, actor_id, actor_name, actor_roles, route, path, target_id, status,
                  problem_type, duration_ms, occurred_at
             FROM gateway.audit_log WHERE request_id LIKE 'fields-%' ORDER BY request_id`,
        ),
      );
      expect(stored.rows).toEqual(
        sent.map((row) => ({
          id: row.id,
          actor_kind: row.actorKind,
          actor_id: row.actorId,
          actor_name: row.actorName,
          actor_roles: row.actorRoles,
          route: row.route,
          path: row.path,
          target_id: row.targetId,
          status: row.status,
          problem_type: row.problemType,
          duration_ms: row.durationMs,
          occurred_at: row.occurredAt,
        })),
      );
    });

    it('a row PostgreSQL refuses does not keep the others out', async () => {
      trail.record(entry('jinan', { requestId: 'mixed-1' }));
      // 70000 does not fit the smallint status: SQLSTATE 22003.
      trail.record(entry('jinan', { requestId: 'mixed-bad', status: 70_000 }));
      trail.record(entry('jinan', { requestId: 'mixed-2' }));
      await trail.flush();
      expect(await count('jinan', 'mixed-')).toBe(2);
    });

    it('rows recorded meanwhile are written by the next flush', async () => {
      trail.record(entry('jinan', { requestId: 'late-1' }));
      const first = trail.flush();
      trail.record(entry('jinan', { requestId: 'late-2' }));
      await Promise.all([first, trail.flush()]);
      expect(await count('jinan', 'late-')).toBe(2);
    });
  });
});
