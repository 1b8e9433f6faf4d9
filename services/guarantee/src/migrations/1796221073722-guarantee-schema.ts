import { createTenantTable } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GuaranteeSchema1796221073722 implements MigrationInterface {
  name = 'GuaranteeSchema1796221073722';

  async up(q: QueryRunner): Promise<void> {
    await createTenantTable(
      q,
      'guarantee.guarantees',
      `enterprise_id uuid NOT NULL,
      requested_by text NOT NULL,
      requested_by_partner uuid,
      created_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(
      `CREATE INDEX guarantees_enterprise ON guarantee.guarantees (tenant_id, enterprise_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guarantee.guarantees`);
  }
}
