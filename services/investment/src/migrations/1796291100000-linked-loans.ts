import { createTenantTable } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LinkedLoans1796291100000 implements MigrationInterface {
  name = 'LinkedLoans1796291100000';

  async up(q: QueryRunner): Promise<void> {
    // A bank's loan linked to a holding, with the bank's warrant: recorded on both sides (credit
    // keeps it on the loan), one row per loan so a redelivered loan-approved adds nothing.
    await createTenantTable(
      q,
      'investment.linked_loans',
      `investment_id uuid NOT NULL REFERENCES investment.investments (id),
      loan_id uuid NOT NULL,
      lender_partner_id uuid NOT NULL,
      principal numeric(20, 2) NOT NULL CHECK (principal > 0),
      warrant_coverage numeric(6, 4) NOT NULL CHECK (warrant_coverage > 0 AND warrant_coverage <= 1),
      approved_at timestamptz NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX linked_loans_once ON investment.linked_loans (tenant_id, loan_id)`,
    );
    await q.query(
      `CREATE INDEX linked_loans_investment ON investment.linked_loans (investment_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE investment.linked_loans`);
  }
}
