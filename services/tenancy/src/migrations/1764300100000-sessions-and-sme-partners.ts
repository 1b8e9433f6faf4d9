import { DB_ROLES } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 6: an enterprise partner names its enterprise; staff can be disabled and their tokens
 * revoked (sessions); logins are throttled per account.
 */
export class SessionsAndSmePartners1764300100000 implements MigrationInterface {
  name = 'SessionsAndSmePartners1764300100000';

  async up(q: QueryRunner): Promise<void> {
    // An SME's key sees its own enterprise only; the enterprise must be of the partner's center.
    await q.query(
      `ALTER TABLE tenancy.enterprises ADD CONSTRAINT enterprises_tenant_id UNIQUE (tenant_id, id)`,
    );
    await q.query(`ALTER TABLE tenancy.partners ADD COLUMN enterprise_id uuid`);
    await q.query(`ALTER TABLE tenancy.partners ADD CONSTRAINT partners_enterprise
      FOREIGN KEY (tenant_id, enterprise_id) REFERENCES tenancy.enterprises (tenant_id, id)`);
    // NOT VALID: enterprise partners registered before this rule keep existing, and their keys
    // see nothing (no enterprise to scope to); every new or changed row must obey it.
    await q.query(`ALTER TABLE tenancy.partners ADD CONSTRAINT partners_enterprise_iff_kind
      CHECK ((kind = 'enterprise') = (enterprise_id IS NOT NULL)) NOT VALID`);

    await q.query(`ALTER TABLE tenancy.users ADD COLUMN disabled_at timestamptz`);

    // Platform-level like tenants (a login names no tenant): no RLS. Usernames are
    // platform-unique, and unknown names are counted too, so a lock reveals nothing.
    await q.query(`CREATE TABLE tenancy.login_attempts (
      username text PRIMARY KEY,
      failures integer NOT NULL CHECK (failures >= 0),
      locked_until timestamptz,
      last_attempt_at timestamptz NOT NULL
    )`);
    // A staff token names its session; logging out or disabling the user ends it.
    await q.query(`CREATE TABLE tenancy.sessions (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES tenancy.users (id),
      tenant_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    )`);
    await q.query(
      `CREATE INDEX sessions_user ON tenancy.sessions (user_id) WHERE revoked_at IS NULL`,
    );

    // The authentication lookups learn the new columns (a changed result type needs a new function).
    await q.query(`DROP FUNCTION tenancy.api_key_for_auth(text)`);
    await q.query(`CREATE FUNCTION tenancy.api_key_for_auth(p_prefix text)
      RETURNS TABLE (id uuid, tenant_id text, partner_id uuid, partner_kind text, scopes text[], key_hash text, revoked_at timestamptz, enterprise_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT k.id, k.tenant_id, k.partner_id, p.kind, k.scopes, k.key_hash, k.revoked_at, p.enterprise_id
        FROM tenancy.api_keys k JOIN tenancy.partners p ON p.id = k.partner_id
        WHERE k.prefix = p_prefix
      $$`);
    await q.query(`DROP FUNCTION tenancy.user_for_login(text)`);
    await q.query(`CREATE FUNCTION tenancy.user_for_login(p_username text)
      RETURNS TABLE (id uuid, tenant_id text, username text, password_hash text, roles text[], created_at timestamptz, disabled_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT u.id, u.tenant_id, u.username, u.password_hash, u.roles, u.created_at, u.disabled_at
        FROM tenancy.users u WHERE u.username = p_username
      $$`);
    for (const fn of ['api_key_for_auth(text)', 'user_for_login(text)']) {
      await q.query(`ALTER FUNCTION tenancy.${fn} OWNER TO ${DB_ROLES.auth}`);
      await q.query(`REVOKE ALL ON FUNCTION tenancy.${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION tenancy.${fn} TO ${DB_ROLES.runtime}`);
    }
  }

  /** Not reversible in place: the previous authentication functions are gone. Restore a backup. */
  async down(): Promise<void> {
    throw new Error('SessionsAndSmePartners1764300100000 cannot be reverted; restore a backup');
  }
}
