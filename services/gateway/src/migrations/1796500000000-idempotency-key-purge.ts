import { DB_ROLES } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const FN = 'gateway.purge_idempotency_keys(timestamptz)';

/**
 * Idempotency-Keys past their 24-hour window are deleted across centers through this one narrow
 * function, owned by tf_auth (BYPASSRLS), as the services purge their command replies
 * (purge_idempotent_commands), rather than by switching RLS off for the runtime role. Until now
 * an expired key was only dropped when its client sent it again, so the table kept every key.
 * Whatever it is called with, it never reaches into the 24-hour window (API.md): a caller that
 * can run it cannot make a retry inside the window run twice.
 */
export class IdempotencyKeyPurge1796500000000 implements MigrationInterface {
  name = 'IdempotencyKeyPurge1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION gateway.purge_idempotency_keys(p_before timestamptz)
      RETURNS integer LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
        WITH gone AS (DELETE FROM gateway.idempotency_keys
          WHERE created_at < least(p_before, now() - interval '24 hours') RETURNING 1)
        SELECT count(*)::integer FROM gone
      $$`);
    await q.query(`GRANT SELECT, DELETE ON gateway.idempotency_keys TO ${DB_ROLES.auth}`);
    await q.query(`ALTER FUNCTION ${FN} OWNER TO ${DB_ROLES.auth}`);
    await q.query(`REVOKE ALL ON FUNCTION ${FN} FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ${FN} TO ${DB_ROLES.runtime}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION ${FN}`);
  }
}
