import { createTenantTable } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const LIVE = `('approved', 'active', 'defaulted')`;

export class CreditSchema1796231440715 implements MigrationInterface {
  name = 'CreditSchema1796231440715';

  async up(q: QueryRunner): Promise<void> {
    // Every application is kept, approved or declined, with the reasons underwriting gave.
    await createTenantTable(
      q,
      'credit.loan_applications',
      `enterprise_id uuid NOT NULL,
      lender_partner_id uuid NOT NULL,
      product_code text NOT NULL CHECK (product_code IN ('ip-pledge', 'guaranteed', 'credit')),
      principal numeric(20, 2) NOT NULL CHECK (principal > 0),
      term_months integer NOT NULL CHECK (term_months > 0),
      repayment_method text NOT NULL CHECK (repayment_method IN ('equal_installment', 'equal_principal', 'interest_only')),
      status text NOT NULL CHECK (status IN ('approved', 'declined')),
      loan_id uuid,
      reasons jsonb NOT NULL DEFAULT '[]',
      lendable numeric(20, 2),
      collateral jsonb NOT NULL DEFAULT '[]',
      guarantee_id uuid,
      requested_by text NOT NULL,
      requested_by_partner uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'approved') = (loan_id IS NOT NULL))`,
    );
    await q.query(
      `CREATE INDEX loan_applications_enterprise ON credit.loan_applications (tenant_id, enterprise_id)`,
    );

    // The money invariant is the table's own: once disbursed, every yuan lent is outstanding,
    // repaid, recovered or written off (DOMAIN.md "Credit").
    await createTenantTable(
      q,
      'credit.loans',
      `application_id uuid NOT NULL REFERENCES credit.loan_applications (id),
      enterprise_id uuid NOT NULL,
      lender_partner_id uuid NOT NULL,
      product_code text NOT NULL CHECK (product_code IN ('ip-pledge', 'guaranteed', 'credit')),
      status text NOT NULL CHECK (status IN ('approved', 'active', 'defaulted', 'closed')),
      currency char(3) NOT NULL DEFAULT 'CNY',
      principal numeric(20, 2) NOT NULL CHECK (principal > 0),
      outstanding_principal numeric(20, 2) NOT NULL DEFAULT 0 CHECK (outstanding_principal >= 0),
      principal_repaid numeric(20, 2) NOT NULL DEFAULT 0 CHECK (principal_repaid >= 0),
      principal_recovered numeric(20, 2) NOT NULL DEFAULT 0 CHECK (principal_recovered >= 0),
      principal_written_off numeric(20, 2) NOT NULL DEFAULT 0 CHECK (principal_written_off >= 0),
      interest_paid numeric(20, 2) NOT NULL DEFAULT 0 CHECK (interest_paid >= 0),
      penalty_accrued numeric(20, 2) NOT NULL DEFAULT 0 CHECK (penalty_accrued >= 0),
      penalty_paid numeric(20, 2) NOT NULL DEFAULT 0 CHECK (penalty_paid >= 0 AND penalty_paid <= penalty_accrued),
      term_months integer NOT NULL CHECK (term_months > 0),
      repayment_method text NOT NULL CHECK (repayment_method IN ('equal_installment', 'equal_principal', 'interest_only')),
      annual_rate numeric(12, 10),
      penalty_rate numeric(12, 10),
      classification text NOT NULL DEFAULT 'normal' CHECK (classification IN ('normal', 'special_mention', 'substandard', 'doubtful', 'loss')),
      days_past_due integer NOT NULL DEFAULT 0 CHECK (days_past_due >= 0),
      disbursed_on date,
      maturity_on date,
      defaulted_on date,
      closed_on date,
      penalty_accrued_through date,
      classified_on date,
      guarantee_id uuid,
      collateral jsonb NOT NULL DEFAULT '[]',
      requested_by text NOT NULL,
      requested_by_partner uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (status = 'approved' OR principal = outstanding_principal + principal_repaid + principal_recovered + principal_written_off),
      CHECK ((status = 'approved') = (disbursed_on IS NULL)),
      CHECK (status <> 'approved' OR outstanding_principal = 0)`,
    );
    await q.query(`CREATE INDEX loans_enterprise ON credit.loans (tenant_id, enterprise_id)`);
    await q.query(`CREATE INDEX loans_lender ON credit.loans (tenant_id, lender_partner_id, id)`);
    // The classification run walks the loans that can be late.
    await q.query(
      `CREATE INDEX loans_performing ON credit.loans (tenant_id, id) WHERE status IN ('active', 'defaulted')`,
    );
    // A guarantee backs one live loan: closed by this index, not by reading first.
    await q.query(
      `CREATE UNIQUE INDEX loans_one_per_guarantee ON credit.loans (tenant_id, guarantee_id)
       WHERE guarantee_id IS NOT NULL AND status IN ${LIVE}`,
    );

    // A pledged asset backs one live loan: `live` falls when the loan closes.
    await createTenantTable(
      q,
      'credit.loan_collateral',
      `loan_id uuid NOT NULL REFERENCES credit.loans (id),
      identity text NOT NULL,
      valuation_id uuid NOT NULL,
      asset_number text NOT NULL,
      patent_type text,
      value numeric(20, 2) NOT NULL CHECK (value >= 0),
      ltv_cap numeric(6, 4) NOT NULL,
      live boolean NOT NULL DEFAULT true`,
    );
    await q.query(
      `CREATE UNIQUE INDEX loan_collateral_one_live_loan ON credit.loan_collateral (tenant_id, identity) WHERE live`,
    );
    await q.query(
      `CREATE INDEX loan_collateral_loan ON credit.loan_collateral (tenant_id, loan_id)`,
    );

    await createTenantTable(
      q,
      'credit.installments',
      `loan_id uuid NOT NULL REFERENCES credit.loans (id),
      number integer NOT NULL CHECK (number > 0),
      due_on date NOT NULL,
      principal numeric(20, 2) NOT NULL CHECK (principal >= 0),
      interest numeric(20, 2) NOT NULL CHECK (interest >= 0),
      principal_paid numeric(20, 2) NOT NULL DEFAULT 0 CHECK (principal_paid >= 0 AND principal_paid <= principal),
      interest_paid numeric(20, 2) NOT NULL DEFAULT 0 CHECK (interest_paid >= 0 AND interest_paid <= interest),
      UNIQUE (tenant_id, loan_id, number)`,
    );

    await createTenantTable(
      q,
      'credit.repayments',
      `loan_id uuid NOT NULL REFERENCES credit.loans (id),
      amount numeric(20, 2) NOT NULL CHECK (amount > 0),
      paid_on date NOT NULL,
      penalty numeric(20, 2) NOT NULL,
      overdue_interest numeric(20, 2) NOT NULL,
      overdue_principal numeric(20, 2) NOT NULL,
      current_interest numeric(20, 2) NOT NULL,
      current_principal numeric(20, 2) NOT NULL,
      prepaid_principal numeric(20, 2) NOT NULL,
      outstanding_principal numeric(20, 2) NOT NULL,
      reamortised boolean NOT NULL,
      recorded_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (amount = penalty + overdue_interest + overdue_principal + current_interest + current_principal + prepaid_principal)`,
    );
    await q.query(`CREATE INDEX repayments_loan ON credit.repayments (tenant_id, loan_id)`);

    // What a defaulted loan got back: the guarantee's claim payout, the collateral's sale. Each
    // source pays once (the inbox already drops a redelivery; this index holds even without it).
    await createTenantTable(
      q,
      'credit.recoveries',
      `loan_id uuid NOT NULL REFERENCES credit.loans (id),
      source text NOT NULL CHECK (source IN ('guarantee-claim', 'collateral-sale')),
      source_id text NOT NULL,
      amount numeric(20, 2) NOT NULL CHECK (amount >= 0),
      principal numeric(20, 2) NOT NULL CHECK (principal >= 0 AND principal <= amount),
      recovered_on date NOT NULL,
      UNIQUE (tenant_id, source, source_id)`,
    );

    // One run per center and day: a second for the same day answers the first's figures.
    await createTenantTable(
      q,
      'credit.classification_runs',
      `as_of date NOT NULL,
      result jsonb NOT NULL,
      run_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, as_of)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'classification_runs',
      'recoveries',
      'repayments',
      'installments',
      'loan_collateral',
      'loans',
      'loan_applications',
    ])
      await q.query(`DROP TABLE credit.${table}`);
  }
}
