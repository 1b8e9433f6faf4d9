import { createTenantTable, DB_ROLES } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (docs/security.md, "Audit trail"): one row per state-changing call through the
 * gateway, refusals included. Append-only twice over: the runtime role may only INSERT and
 * SELECT (the schema's default privileges gave it UPDATE and DELETE too; they are taken back
 * here), and a trigger refuses UPDATE, DELETE and TRUNCATE to every role, the owner included.
 * A center's rows are under forced row-level security; calls that act in no center (anonymous
 * refusals, failed logins, a platform admin's platform-level calls) are stored under the tenant
 * "_platform", which no center code can take (TENANT_CODE starts with a letter) and which only
 * the platform admin's GET /audit reads.
 */
export class AuditLog1796400000000 implements MigrationInterface {
  name = 'AuditLog1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await createTenantTable(
      q,
      'gateway.audit_log',
      `occurred_at timestamptz NOT NULL,
      actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'partner', 'anonymous')),
      -- A user's id, or a partner's; null when nobody was authenticated.
      actor_id text,
      -- A user's username; for an anonymous login attempt, the username it tried.
      actor_name text,
      api_key_id text,
      -- A user's roles, or a partner's kind.
      actor_roles text[] NOT NULL DEFAULT '{}',
      method text NOT NULL,
      -- The route template (/api/v1/guarantees/{id}/approve); null when no route matched.
      route text,
      -- The path as sent, without its query (bounded: it is the client's text).
      path text NOT NULL,
      target_id text,
      status smallint NOT NULL,
      problem_type text,
      request_id text NOT NULL,
      client_address text NOT NULL,
      duration_ms real NOT NULL`,
    );
    // Newest first per center (ids are UUIDv7, time-ordered); one object's history.
    await q.query(`CREATE INDEX audit_log_recent ON gateway.audit_log (tenant_id, id DESC)`);
    await q.query(
      `CREATE INDEX audit_log_target ON gateway.audit_log (tenant_id, target_id, id DESC)`,
    );
    // The schema's default privileges gave DML to the runtime group when the table was created:
    // whoever they gave more than reading and adding to loses it (whatever its group is called).
    await q.query(`DO $$
      DECLARE grantee text;
      BEGIN
        FOR grantee IN
          SELECT DISTINCT a.grantee::regrole::text
            FROM pg_class c, aclexplode(c.relacl) a
           WHERE c.oid = 'gateway.audit_log'::regclass AND a.grantee <> c.relowner
             AND a.grantee <> 0
             AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
        LOOP
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON gateway.audit_log FROM %s', grantee);
        END LOOP;
      END
      $$`);
    await q.query(`GRANT SELECT, INSERT ON gateway.audit_log TO ${DB_ROLES.runtime}`);
    // Defence in depth: even the owner (or a grant added by mistake) cannot rewrite history.
    await q.query(`CREATE FUNCTION gateway.audit_log_append_only() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`CREATE TRIGGER audit_log_no_update_or_delete
      BEFORE UPDATE OR DELETE ON gateway.audit_log
      FOR EACH ROW EXECUTE FUNCTION gateway.audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate
      BEFORE TRUNCATE ON gateway.audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION gateway.audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.audit_log`);
    await q.query(`DROP FUNCTION gateway.audit_log_append_only()`);
  }
}
