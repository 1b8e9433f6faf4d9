import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 7: a center's policy is in sections owned by the services that apply them (valuation's
 * in valuation.policy, seeded from tenant-created). Tenancy keeps the center's identity only.
 */
export class PolicyLeavesTenancy1764300400000 implements MigrationInterface {
  name = 'PolicyLeavesTenancy1764300400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenancy.tenants DROP COLUMN policy`);
  }

  /** The dropped values are gone; a restored column would hold no center's real policy. */
  async down(): Promise<void> {
    throw new Error('PolicyLeavesTenancy1764300400000 cannot be reverted; restore a backup');
  }
}
