import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bank's historical book: the day an application was taken (today, or earlier for a loan the
 * bank made before joining the center), and the loan's approval day that disbursement may not
 * precede. Rows from before carry the day they were written; a row written without them
 * (fixtures, tools) is today's.
 */
export class HistoricalBook1796300000000 implements MigrationInterface {
  name = 'HistoricalBook1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credit.loan_applications ADD COLUMN applied_on date`);
    await q.query(`UPDATE credit.loan_applications SET applied_on = created_at::date`);
    await q.query(
      `ALTER TABLE credit.loan_applications ALTER COLUMN applied_on SET DEFAULT current_date, ALTER COLUMN applied_on SET NOT NULL`,
    );
    await q.query(`ALTER TABLE credit.loans ADD COLUMN approved_on date`);
    await q.query(`UPDATE credit.loans SET approved_on = created_at::date`);
    await q.query(
      `ALTER TABLE credit.loans ALTER COLUMN approved_on SET DEFAULT current_date, ALTER COLUMN approved_on SET NOT NULL`,
    );
    await q.query(
      `ALTER TABLE credit.loans ADD CONSTRAINT loans_disbursed_after_approval CHECK (disbursed_on >= approved_on)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE credit.loans DROP COLUMN approved_on`);
    await q.query(`ALTER TABLE credit.loan_applications DROP COLUMN applied_on`);
  }
}
