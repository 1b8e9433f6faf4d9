import { acrossTenants, createTenantTable } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_PRODUCTS } from '../loans/domain/policy';

export class LinkedLoans1796291000000 implements MigrationInterface {
  name = 'LinkedLoans1796291000000';

  async up(q: QueryRunner): Promise<void> {
    // The fund's closed investments, as investment-closed announces them: what a linked loan may
    // lend against (one row per investment, so a redelivery adds nothing).
    await createTenantTable(
      q,
      'credit.enterprise_investments',
      `investment_id uuid NOT NULL,
      enterprise_id uuid NOT NULL,
      fund_id uuid NOT NULL,
      instrument text NOT NULL,
      amount numeric(20, 2) NOT NULL CHECK (amount > 0),
      pre_money_valuation numeric(20, 2) NOT NULL,
      closed_on date NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX enterprise_investments_once ON credit.enterprise_investments (tenant_id, investment_id)`,
    );
    await q.query(
      `CREATE INDEX enterprise_investments_enterprise ON credit.enterprise_investments (tenant_id, enterprise_id, closed_on)`,
    );
    // A linked loan's warrant: the investment it is linked to and the equity it covers.
    await q.query(`ALTER TABLE credit.loans ADD COLUMN linked_investment_id uuid`);
    await q.query(
      `ALTER TABLE credit.loans ADD COLUMN warrant_coverage numeric(6, 4) CHECK (warrant_coverage > 0 AND warrant_coverage <= 1)`,
    );
    for (const table of ['loan_applications', 'loans']) {
      await q.query(`ALTER TABLE credit.${table} DROP CONSTRAINT ${table}_product_code_check`);
      await q.query(
        `ALTER TABLE credit.${table} ADD CONSTRAINT ${table}_product_code_check
           CHECK (product_code IN ('ip-pledge', 'guaranteed', 'credit', 'linked'))`,
      );
    }
    // Centers seeded before the product existed get it in their policy (their admin may remove it).
    const linked = DEFAULT_PRODUCTS.find((p) => p.code === 'linked');
    await acrossTenants(q, ['credit.policy'], async () => {
      await q.query(
        `UPDATE credit.policy SET policy = jsonb_set(policy, '{products}', (policy->'products') || $1::jsonb)
         WHERE NOT (policy->'products' @> '[{"code": "linked"}]')`,
        [JSON.stringify([linked])],
      );
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credit.loans DROP COLUMN warrant_coverage`);
    await q.query(`ALTER TABLE credit.loans DROP COLUMN linked_investment_id`);
    await q.query(`DROP TABLE credit.enterprise_investments`);
  }
}
