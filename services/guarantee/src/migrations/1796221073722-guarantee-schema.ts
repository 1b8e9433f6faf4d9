import { createTenantTable } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GuaranteeSchema1796221073722 implements MigrationInterface {
  name = 'GuaranteeSchema1796221073722';

  async up(q: QueryRunner): Promise<void> {
    // One institution per center. `outstanding` is the liability of its approved and active
    // guarantees: the row approvals lock, so that no two together break a limit.
    await createTenantTable(
      q,
      'guarantee.institutions',
      `name text NOT NULL,
      net_assets numeric(20, 2) NOT NULL CHECK (net_assets >= 0),
      outstanding numeric(20, 2) NOT NULL DEFAULT 0 CHECK (outstanding >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id)`,
    );
    await createTenantTable(
      q,
      'guarantee.guarantees',
      `institution_id uuid NOT NULL REFERENCES guarantee.institutions (id),
      enterprise_id uuid NOT NULL,
      group_code text,
      lender_partner_id uuid NOT NULL,
      currency char(3) NOT NULL DEFAULT 'CNY',
      principal numeric(20, 2) NOT NULL CHECK (principal > 0),
      term_months integer NOT NULL CHECK (term_months > 0),
      coverage_ratio numeric(12, 10) NOT NULL CHECK (coverage_ratio > 0 AND coverage_ratio <= 1),
      guaranteed_amount numeric(20, 2) NOT NULL CHECK (guaranteed_amount > 0),
      outstanding_liability numeric(20, 2) NOT NULL DEFAULT 0
        CHECK (outstanding_liability >= 0 AND outstanding_liability <= guaranteed_amount),
      annual_fee_rate numeric(12, 10) NOT NULL CHECK (annual_fee_rate >= 0),
      fee numeric(20, 2) NOT NULL CHECK (fee >= 0),
      risk_shares jsonb NOT NULL,
      counter_guarantees jsonb NOT NULL,
      pledge_value numeric(20, 2) NOT NULL CHECK (pledge_value >= 0),
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'active', 'released', 'claimed', 'recovering', 'closed')),
      requested_by text NOT NULL,
      requested_by_partner uuid,
      approved_by text,
      approved_at timestamptz,
      loan_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status IN ('approved', 'active')) <= (outstanding_liability > 0 AND approved_by IS NOT NULL))`,
    );
    // What the limits sum: a client's and a group's liability.
    await q.query(
      `CREATE INDEX guarantees_liable_client ON guarantee.guarantees (tenant_id, enterprise_id) WHERE status IN ('approved', 'active')`,
    );
    await q.query(
      `CREATE INDEX guarantees_liable_group ON guarantee.guarantees (tenant_id, group_code) WHERE status IN ('approved', 'active') AND group_code IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX guarantees_enterprise ON guarantee.guarantees (tenant_id, enterprise_id, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guarantee.guarantees`);
    await q.query(`DROP TABLE guarantee.institutions`);
  }
}
