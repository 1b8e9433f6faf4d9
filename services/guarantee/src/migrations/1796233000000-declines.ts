import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An analyst may decline a pending application, saying why. */
export class Declines1796233000000 implements MigrationInterface {
  name = 'Declines1796233000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE guarantee.guarantees
      ADD COLUMN declined_by text,
      ADD COLUMN decline_reason text,
      ADD CONSTRAINT guarantees_declined_says_why
        CHECK ((status = 'declined') <= (declined_by IS NOT NULL AND decline_reason IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE guarantee.guarantees
      DROP CONSTRAINT guarantees_declined_says_why, DROP COLUMN decline_reason, DROP COLUMN declined_by`);
  }
}
