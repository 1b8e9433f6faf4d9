import { addMonths, newId } from '@tf/core';
import { Client } from 'pg';
import { buildSchedule } from '../../../services/credit/src/loans/domain/schedule';
import { asCenter, enterpriseIds, type Dataset } from './dataset';

/**
 * The credit part of the dataset: 100,000 active tech credit loans of the Jinan bench bank (the
 * classification run's book), ¥120,000 over 12 months at 4.50 %, each with its schedule, written
 * straight into PostgreSQL as the credit service writes them. One loan in ten was disbursed two
 * months earlier than the others and has two installments overdue, so a run has penalty to
 * charge and classes to change.
 */
export const LOANS = 100_000;
export const LOAN_FIXTURE_VERSION = 1;

export interface LoanFixture {
  version: number;
  /** The day the on-time loans were disbursed (the late ones two months earlier). */
  disbursedOn: string;
}

const PRINCIPAL = '120000.00';
const RATE = '0.045';
const TERM = 12;
const BATCH = 5_000;

export async function ensureLoans(
  ownerUrl: string,
  dataset: Dataset,
  log: (line: string) => void,
): Promise<LoanFixture> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const { rows } = await owner.query<{ value: LoanFixture }>(
      `SELECT value FROM bench.fixture WHERE name = 'loans'`,
    );
    if (rows[0]?.value.version === LOAN_FIXTURE_VERSION) return rows[0].value;
    const bank = dataset.partners['jinan'];
    if (!bank) throw new Error('no bench bank in jinan');
    const started = Date.now();
    const today = new Date().toISOString().slice(0, 10);
    const onTime = new Date(Date.parse(`${today}T00:00:00Z`) - 10 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const late = addMonths(onTime, -2);
    const enterprises = await enterpriseIds(owner, 'jinan', 50_000);
    for (let start = 0; start < LOANS; start += BATCH) {
      const count = Math.min(BATCH, LOANS - start);
      const loans = Array.from({ length: count }, (_, k) => {
        const n = start + k;
        return {
          id: newId(),
          application: newId(),
          enterprise: enterprises[n % enterprises.length] as string,
          disbursedOn: n % 10 === 0 ? late : onTime,
        };
      });
      await asCenter(owner, 'jinan', () => writeLoans(owner, bank.partnerId, loans));
      log(`dataset: jinan: ${start + count} loans`);
    }
    const fixture: LoanFixture = { version: LOAN_FIXTURE_VERSION, disbursedOn: onTime };
    await owner.query(
      `INSERT INTO bench.fixture (name, value) VALUES ('loans', $1)
       ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify(fixture)],
    );
    await owner.query(
      'ANALYZE credit.loans, credit.installments, credit.loan_applications, credit.repayments',
    );
    log(
      `dataset: ${LOANS} loans with their schedules in ${Math.round((Date.now() - started) / 1000)} s`,
    );
    return fixture;
  } finally {
    await owner.end();
  }
}

async function writeLoans(
  owner: Client,
  lender: string,
  loans: { id: string; application: string; enterprise: string; disbursedOn: string }[],
): Promise<void> {
  // The bench's book is historical: each loan applied for, approved and disbursed on its day.
  const ids = loans.map((l) => l.id);
  await owner.query(
    `INSERT INTO credit.loan_applications (id, tenant_id, enterprise_id, lender_partner_id, product_code,
       principal, term_months, repayment_method, status, loan_id, requested_by, requested_by_partner, applied_on)
     SELECT a, 'jinan', e, $1::uuid, 'credit', $2, $3, 'equal_principal', 'approved', l, 'partner:' || $1, $1::uuid, d::date
     FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[]) AS n(a, e, l, d)`,
    [
      lender,
      PRINCIPAL,
      TERM,
      loans.map((l) => l.application),
      loans.map((l) => l.enterprise),
      ids,
      loans.map((l) => l.disbursedOn),
    ],
  );
  await owner.query(
    `INSERT INTO credit.loans (id, tenant_id, application_id, enterprise_id, lender_partner_id, product_code,
       status, principal, outstanding_principal, term_months, repayment_method, annual_rate, penalty_rate,
       approved_on, disbursed_on, maturity_on, penalty_accrued_through, requested_by, requested_by_partner)
     SELECT l, 'jinan', a, e, $1::uuid, 'credit', 'active', $2, $2, $3, 'equal_principal', $4, $4::numeric * 1.5,
       d::date, d::date, (d::date + interval '12 months')::date, d::date, 'partner:' || $1, $1::uuid
     FROM unnest($5::uuid[], $6::uuid[], $7::uuid[], $8::text[]) AS n(l, a, e, d)`,
    [
      lender,
      PRINCIPAL,
      TERM,
      RATE,
      ids,
      loans.map((l) => l.application),
      loans.map((l) => l.enterprise),
      loans.map((l) => l.disbursedOn),
    ],
  );
  // Every loan of one disbursement day has the same schedule: written once, copied per loan.
  for (const disbursedOn of [...new Set(loans.map((l) => l.disbursedOn))]) {
    const lines = buildSchedule({
      principal: PRINCIPAL,
      annualRate: RATE,
      termMonths: TERM,
      method: 'equal_principal',
      disbursedOn,
    });
    const of = loans.filter((l) => l.disbursedOn === disbursedOn).map((l) => l.id);
    await owner.query(
      `INSERT INTO credit.installments (id, tenant_id, loan_id, number, due_on, principal, interest)
       SELECT gen_random_uuid(), 'jinan', l, s.number, s.due_on::date, s.principal, s.interest
       FROM unnest($1::uuid[]) AS l,
         unnest($2::int[], $3::text[], $4::numeric[], $5::numeric[]) AS s(number, due_on, principal, interest)`,
      [
        of,
        lines.map((i) => i.number),
        lines.map((i) => i.dueOn),
        lines.map((i) => i.principal),
        lines.map((i) => i.interest),
      ],
    );
  }
}

/** Active loans of the bench bank, for the reads and repayments. */
export async function loanIds(owner: Client, limit: number): Promise<string[]> {
  return asCenter(owner, 'jinan', async () => {
    const { rows } = await owner.query<{ id: string }>(
      `SELECT id FROM credit.loans WHERE status = 'active' AND product_code = 'credit' ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  });
}

/** Forgets today's classification run, so the next measurement classifies the book again. */
export async function resetClassification(ownerUrl: string): Promise<void> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await asCenter(owner, 'jinan', () => owner.query('DELETE FROM credit.classification_runs'));
  } finally {
    await owner.end();
  }
}
