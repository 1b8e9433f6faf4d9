import { createTenantTable } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lifecycle after approval: a guarantee's liability falls with the loan's repayments, to
 * zero before the loan closes; a default opens a claim, which recoveries pay back by the split.
 */
export class Claims1796226000000 implements MigrationInterface {
  name = 'Claims1796226000000';

  async up(q: QueryRunner): Promise<void> {
    // The first schema asked every approved or active guarantee to hold liability above zero; a
    // fully repaid loan not yet closed holds none. Liability is now held only while liable.
    await q.query(`DO $$
      DECLARE c text;
      BEGIN
        SELECT conname INTO c FROM pg_constraint
         WHERE conrelid = 'guarantee.guarantees'::regclass AND contype = 'c'
           AND pg_get_constraintdef(oid) LIKE '%outstanding_liability > %approved_by IS NOT NULL%';
        EXECUTE format('ALTER TABLE guarantee.guarantees DROP CONSTRAINT %I', c);
      END $$`);
    await q.query(`ALTER TABLE guarantee.guarantees
      ADD CONSTRAINT guarantees_liable_approved CHECK ((status IN ('approved', 'active')) <= (approved_by IS NOT NULL)),
      ADD CONSTRAINT guarantees_liability_while_liable CHECK (status IN ('approved', 'active') OR outstanding_liability = 0)`);
    await q.query(
      `CREATE UNIQUE INDEX guarantees_loan ON guarantee.guarantees (tenant_id, loan_id) WHERE loan_id IS NOT NULL`,
    );

    await createTenantTable(
      q,
      'guarantee.claims',
      `guarantee_id uuid NOT NULL UNIQUE REFERENCES guarantee.guarantees (id),
      loan_id uuid NOT NULL,
      claim numeric(20, 2) NOT NULL CHECK (claim >= 0),
      payout numeric(20, 2) NOT NULL CHECK (payout >= 0 AND payout <= claim),
      shares jsonb NOT NULL,
      receivables jsonb NOT NULL,
      recovered numeric(20, 2) NOT NULL DEFAULT 0 CHECK (recovered >= 0 AND recovered <= claim),
      defaulted_on date NOT NULL,
      payable_on date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()`,
    );
    await createTenantTable(
      q,
      'guarantee.recoveries',
      `claim_id uuid NOT NULL REFERENCES guarantee.claims (id),
      deal_id text NOT NULL,
      proceeds numeric(20, 2) NOT NULL CHECK (proceeds >= 0),
      counted numeric(20, 2) NOT NULL CHECK (counted >= 0 AND counted <= proceeds),
      surplus numeric(20, 2) NOT NULL CHECK (surplus >= 0),
      shares jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (claim_id, deal_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE guarantee.recoveries`);
    await q.query(`DROP TABLE guarantee.claims`);
    await q.query(`DROP INDEX guarantee.guarantees_loan`);
    await q.query(`ALTER TABLE guarantee.guarantees
      DROP CONSTRAINT guarantees_liable_approved, DROP CONSTRAINT guarantees_liability_while_liable`);
  }
}
