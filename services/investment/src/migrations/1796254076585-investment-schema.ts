import { createTenantTable } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InvestmentSchema1796254076585 implements MigrationInterface {
  name = 'InvestmentSchema1796254076585';

  async up(q: QueryRunner): Promise<void> {
    await createTenantTable(
      q,
      'investment.funds',
      `enterprise_id uuid NOT NULL,
      requested_by text NOT NULL,
      requested_by_partner uuid,
      created_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(`CREATE INDEX funds_enterprise ON investment.funds (tenant_id, enterprise_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE investment.funds`);
  }
}
