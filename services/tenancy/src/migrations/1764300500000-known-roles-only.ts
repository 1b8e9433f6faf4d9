import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 7: a user's roles are the ones the vocabulary knows, checked by the database too. */
export class KnownRolesOnly1764300500000 implements MigrationInterface {
  name = 'KnownRolesOnly1764300500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenancy.users ADD CONSTRAINT users_known_roles
      CHECK (roles <@ ARRAY['platform-admin', 'center-admin', 'analyst', 'auditor']::text[])`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenancy.users DROP CONSTRAINT users_known_roles`);
  }
}
