import { DB_ROLES, tenantIsolationSql } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenancySchema1764115300000 implements MigrationInterface {
  name = 'TenancySchema1764115300000';

  async up(q: QueryRunner): Promise<void> {
    // Tenants are platform-level (listed before login, created by the platform admin): no RLS.
    await q.query(`CREATE TABLE tenancy.tenants (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,30}$'),
      name text NOT NULL,
      policy jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE tenancy.partners (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenancy.tenants (code),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('bank', 'guarantor', 'fund', 'broker', 'university', 'enterprise')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, id)
    )`);
    await q.query(`CREATE TABLE tenancy.api_keys (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      partner_id uuid NOT NULL,
      prefix text NOT NULL,
      key_hash text NOT NULL,
      scopes text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      FOREIGN KEY (tenant_id, partner_id) REFERENCES tenancy.partners (tenant_id, id)
    )`);
    await q.query(`CREATE INDEX api_keys_prefix ON tenancy.api_keys (prefix)`);
    // tenant_id NULL is a platform admin, who belongs to no single center. Usernames are unique
    // across the platform because a login names no tenant.
    await q.query(`CREATE TABLE tenancy.users (
      id uuid PRIMARY KEY,
      tenant_id text REFERENCES tenancy.tenants (code),
      username text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      roles text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((tenant_id IS NULL) = ('platform-admin' = ANY (roles)))
    )`);
    await q.query(`CREATE TABLE tenancy.enterprises (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL REFERENCES tenancy.tenants (code),
      credit_code char(18) NOT NULL,
      name text NOT NULL,
      industry text,
      founded_on date,
      employees integer CHECK (employees >= 0),
      group_code text,
      high_tech boolean NOT NULL DEFAULT false,
      registered_capital numeric(20, 2) CHECK (registered_capital >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT enterprises_credit_code_unique UNIQUE (tenant_id, credit_code)
    )`);
    for (const table of [
      'tenancy.partners',
      'tenancy.api_keys',
      'tenancy.users',
      'tenancy.enterprises',
    ]) {
      for (const statement of tenantIsolationSql(table)) await q.query(statement);
    }

    // Authentication happens before a tenant is known. These functions return just what a login
    // needs; they run as tf_auth (BYPASSRLS, SELECT on three tables), never as the owner, and RLS
    // stays on for everything else the runtime role does.
    await q.query(`CREATE FUNCTION tenancy.api_key_for_auth(p_prefix text)
      RETURNS TABLE (id uuid, tenant_id text, partner_id uuid, partner_kind text, scopes text[], key_hash text, revoked_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT k.id, k.tenant_id, k.partner_id, p.kind, k.scopes, k.key_hash, k.revoked_at
        FROM tenancy.api_keys k JOIN tenancy.partners p ON p.id = k.partner_id
        WHERE k.prefix = p_prefix
      $$`);
    await q.query(`CREATE FUNCTION tenancy.user_for_login(p_username text)
      RETURNS TABLE (id uuid, tenant_id text, username text, password_hash text, roles text[], created_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT u.id, u.tenant_id, u.username, u.password_hash, u.roles, u.created_at
        FROM tenancy.users u WHERE u.username = p_username
      $$`);
    // Creates the first platform admin, and only while there is none: the runtime role cannot use
    // it to mint another one.
    await q.query(`CREATE FUNCTION tenancy.create_first_platform_admin(p_id uuid, p_username text, p_password_hash text)
      RETURNS boolean
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
        INSERT INTO tenancy.users (id, tenant_id, username, password_hash, roles)
        SELECT p_id, NULL, p_username, p_password_hash, ARRAY['platform-admin']
        WHERE NOT EXISTS (SELECT 1 FROM tenancy.users WHERE 'platform-admin' = ANY (roles))
        ON CONFLICT (username) DO NOTHING
        RETURNING true
      $$`);
    await q.query(
      `GRANT SELECT ON tenancy.api_keys, tenancy.partners, tenancy.users TO ${DB_ROLES.auth}`,
    );
    await q.query(`GRANT INSERT ON tenancy.users TO ${DB_ROLES.auth}`);
    for (const fn of [
      'api_key_for_auth(text)',
      'user_for_login(text)',
      'create_first_platform_admin(uuid, text, text)',
    ]) {
      await q.query(`ALTER FUNCTION tenancy.${fn} OWNER TO ${DB_ROLES.auth}`);
      await q.query(`REVOKE ALL ON FUNCTION tenancy.${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION tenancy.${fn} TO ${DB_ROLES.runtime}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION tenancy.create_first_platform_admin(uuid, text, text)`);
    await q.query(`DROP FUNCTION tenancy.user_for_login(text)`);
    await q.query(`DROP FUNCTION tenancy.api_key_for_auth(text)`);
    await q.query(
      `DROP TABLE tenancy.enterprises, tenancy.users, tenancy.api_keys, tenancy.partners, tenancy.tenants`,
    );
  }
}
