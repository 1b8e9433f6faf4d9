import { newId } from '@tf/core';
import { Client } from 'pg';
import { DEFAULT_GUARANTEE_POLICY } from '../../../services/guarantee/src/guarantees/domain/policy';
import { shareByPolicy } from '../../../services/guarantee/src/guarantees/domain/risk-shares';
import { asCenter, enterpriseIds } from './dataset';
import type { Check } from './verdict';

/**
 * What the loan-application scenario lends against, written for each run and removed after it:
 * a patent backs one live loan and a guarantee one loan, so each application needs its own.
 * Per side, approved pledge valuations of one invention each (¥3,000,000: ¥1,200,000 lendable)
 * and approved guarantees (¥1,000,000 for 36 months), each of another enterprise. Applications
 * alternate: an ip-pledge loan of ¥500,000 (a call to valuation) and a guaranteed loan of
 * ¥500,000 (a call to guarantee), both with the call to tenancy for the enterprise.
 */
export interface LoanPools {
  project: PoolSide;
  baseline: PoolSide;
  /** The bench bank: the run's applications are its ip-pledge and guaranteed ones since `since`. */
  bankPartnerId: string;
  since: Date;
}

interface PoolSide {
  pledges: { valuationId: string; enterpriseId: string }[];
  guarantees: { guaranteeId: string; enterpriseId: string }[];
  next: number;
}

/** More applications per second than either side makes on this machine. */
const MAX_APPLICATIONS_PER_SECOND = 600;

export async function prepareLoanPools(
  ownerUrl: string,
  bankPartnerId: string,
  seconds: number,
  runTag: string,
): Promise<LoanPools> {
  const perKind = Math.ceil((seconds * MAX_APPLICATIONS_PER_SECOND) / 2);
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const enterprises = await enterpriseIds(owner, 'jinan', 40_000);
    let offset = 0;
    const side = async (name: string): Promise<PoolSide> => {
      const pick = () => enterprises[offset++ % enterprises.length] as string;
      const pledges = Array.from({ length: perKind }, () => ({
        valuationId: newId(),
        enterpriseId: pick(),
      }));
      const guarantees = Array.from({ length: perKind }, () => ({
        guaranteeId: newId(),
        enterpriseId: pick(),
      }));
      await asCenter(owner, 'jinan', async () => {
        await owner.query(
          `INSERT INTO valuation.valuations (id, tenant_id, enterprise_id, purpose, reference_date, status,
             value, low, high, methods, score, assumptions, parameters, asset_key, holder, prepared_by,
             prepared_by_partner, prepared_at, approved_by, approved_at, valid_until)
           SELECT v, 'jinan', e, 'pledge', current_date - 3, 'approved', 3000000, 2550000, 3450000, '[]',
             '{}', '[]', '{}', $2 || v::text, 'partner:' || $1, 'partner:' || $1, $1::uuid, now(),
             'user:bench', now(), current_date + 300
           FROM unnest($3::uuid[], $4::uuid[]) AS n(v, e)`,
          [
            bankPartnerId,
            `bench-${runTag}-${name}-`,
            pledges.map((p) => p.valuationId),
            pledges.map((p) => p.enterpriseId),
          ],
        );
        await owner.query(
          `INSERT INTO valuation.valuation_assets (id, tenant_id, valuation_id, position, kind, number,
             identity, live_pledge, title, patent_type, input, remaining_legal_years, economic_life_years,
             value, methods, score)
           SELECT gen_random_uuid(), 'jinan', v, 0, 'patent', 'BENCH-' || v::text, 'bench:' || v::text, true,
             'bench patent', 'invention', '{}', 15, 8, 3000000, '[]', '{}'
           FROM unnest($1::uuid[]) AS v`,
          [pledges.map((p) => p.valuationId)],
        );
        await owner.query(
          `INSERT INTO guarantee.guarantees (id, tenant_id, institution_id, enterprise_id, lender_partner_id,
             principal, term_months, coverage_ratio, guaranteed_amount, outstanding_liability, annual_fee_rate,
             fee, risk_shares, counter_guarantees, pledge_value, status, requested_by, requested_by_partner,
             approved_by, approved_at)
           SELECT g, i.tenant_id, i.id, e, $1::uuid, 1000000, 36, 0.5, 500000, 500000, 0.01, 15000,
             $2::jsonb, '[]', 0, 'approved', 'partner:' || $1, $1::uuid, 'user:bench', now()
           FROM guarantee.institutions i, unnest($3::uuid[], $4::uuid[]) AS n(g, e)`,
          [
            bankPartnerId,
            JSON.stringify(shareByPolicy('500000.00', DEFAULT_GUARANTEE_POLICY)),
            guarantees.map((g) => g.guaranteeId),
            guarantees.map((g) => g.enterpriseId),
          ],
        );
      });
      return { pledges, guarantees, next: 0 };
    };
    const since = new Date();
    const pools = {
      project: await side('project'),
      baseline: await side('baseline'),
      bankPartnerId,
      since,
    };
    await owner.query(
      'ANALYZE valuation.valuations, valuation.valuation_assets, guarantee.guarantees',
    );
    return pools;
  } finally {
    await owner.end();
  }
}

/** The next application of a side: even ones pledge a patent, odd ones name a guarantee. */
export function nextApplication(
  pools: LoanPools,
  side: 'project' | 'baseline',
): Record<string, unknown> {
  const pool = pools[side];
  const k = pool.next++;
  if (k % 2 === 0) {
    const pledge = pool.pledges[k / 2];
    if (!pledge)
      return { productCode: 'ip-pledge', enterpriseId: '00000000-0000-7000-8000-000000000000' };
    return {
      enterpriseId: pledge.enterpriseId,
      productCode: 'ip-pledge',
      principal: '500000',
      termMonths: 36,
      repaymentMethod: 'equal_installment',
      collateral: [{ valuationId: pledge.valuationId }],
    };
  }
  const guarantee = pool.guarantees[(k - 1) / 2];
  if (!guarantee)
    return { productCode: 'guaranteed', enterpriseId: '00000000-0000-7000-8000-000000000000' };
  return {
    enterpriseId: guarantee.enterpriseId,
    productCode: 'guaranteed',
    principal: '500000',
    termMonths: 24,
    repaymentMethod: 'equal_installment',
    guaranteeId: guarantee.guaranteeId,
  };
}

/**
 * After the scenario: every application made was approved (each had its own patent or guarantee),
 * none twice; then the run's loans, applications and pools are removed.
 */
export async function loanPoolChecks(ownerUrl: string, pools: LoanPools): Promise<Check[]> {
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const valuations = [...pools.project.pledges, ...pools.baseline.pledges].map(
      (p) => p.valuationId,
    );
    const guarantees = [...pools.project.guarantees, ...pools.baseline.guarantees].map(
      (g) => g.guaranteeId,
    );
    return await asCenter(owner, 'jinan', async () => {
      const applications = await owner.query<{
        id: string;
        status: string;
        loan_id: string | null;
      }>(
        `SELECT id, status, loan_id FROM credit.loan_applications
         WHERE lender_partner_id = $1 AND created_at >= $2 AND product_code IN ('ip-pledge', 'guaranteed')`,
        [pools.bankPartnerId, pools.since],
      );
      const made = pools.project.next + pools.baseline.next;
      const loanIds = applications.rows.flatMap((a) => (a.loan_id ? [a.loan_id] : []));
      const declined = applications.rows.filter((a) => a.status === 'declined').length;
      await owner.query(`DELETE FROM credit.loan_collateral WHERE loan_id = ANY($1::uuid[])`, [
        loanIds,
      ]);
      await owner.query(`DELETE FROM credit.loans WHERE id = ANY($1::uuid[])`, [loanIds]);
      await owner.query(`DELETE FROM credit.loan_applications WHERE id = ANY($1::uuid[])`, [
        applications.rows.map((a) => a.id),
      ]);
      await owner.query(
        `DELETE FROM valuation.valuation_assets WHERE valuation_id = ANY($1::uuid[])`,
        [valuations],
      );
      await owner.query(`DELETE FROM valuation.valuations WHERE id = ANY($1::uuid[])`, [
        valuations,
      ]);
      await owner.query(`DELETE FROM guarantee.guarantees WHERE id = ANY($1::uuid[])`, [
        guarantees,
      ]);
      const exhausted = (['project', 'baseline'] as const).filter(
        (side) => pools[side].next / 2 >= pools[side].pledges.length,
      );
      return [
        {
          name: 'loan applications: one loan each',
          measured: `${loanIds.length} loans for ${applications.rowCount} applications (${made} sent), ${declined} declined`,
          target: 'a loan per application, none declined',
          pass: loanIds.length > 0 && loanIds.length === applications.rowCount && declined === 0,
        },
        {
          name: 'loan applications: pools lasted',
          measured: exhausted.length > 0 ? `${exhausted.join(' and ')} used up` : 'both lasted',
          target: 'no side runs out of pledges or guarantees',
          pass: exhausted.length === 0,
        },
      ];
    });
  } finally {
    await owner.end();
  }
}
