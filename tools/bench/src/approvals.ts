import { formatMoney, Money, newId } from '@tf/core';
import { Client } from 'pg';
import { DEFAULT_GUARANTEE_POLICY } from '../../../services/guarantee/src/guarantees/domain/policy';
import { shareByPolicy } from '../../../services/guarantee/src/guarantees/domain/risk-shares';
import { asCenter, enterpriseIds } from './dataset';
import type { Check } from './verdict';

/**
 * The pending guarantees the approval scenario approves, written for each run (an approval uses
 * its guarantee up) and removed after it, with the institution's reservation put back, so every
 * run starts from the same book. Each is small (¥10,000 at 50 %) and the pool is spread over
 * 10,000 enterprises, so that the run measures approvals queueing on the institution's lock, not
 * refusals: the limits themselves are proven by the guarantee service's tests.
 */
export interface ApprovalPools {
  project: string[];
  baseline: string[];
  /** The next unused guarantee of each pool. */
  next: { project: number; baseline: number };
  /** The Jinan institution's outstanding liability before the run. */
  outstandingBefore: string;
}

const PRINCIPAL = '10000.00';
const COVERAGE = '0.5';
const AMOUNT = '5000.00';
/** More approvals per second than one institution's lock lets through on this machine. */
const MAX_APPROVALS_PER_SECOND = 700;

/** Enough pending guarantees for each side to approve for `seconds` at full speed. */
export async function prepareApprovals(
  ownerUrl: string,
  bankPartnerId: string,
  seconds: number,
): Promise<ApprovalPools> {
  const perSide = Math.ceil(seconds * MAX_APPROVALS_PER_SECOND);
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const enterprises = await enterpriseIds(owner, 'jinan', 10_000);
    const pool = async () => {
      const ids = Array.from({ length: perSide }, () => newId());
      await asCenter(owner, 'jinan', () =>
        owner.query(
          `INSERT INTO guarantee.guarantees (id, tenant_id, institution_id, enterprise_id, lender_partner_id,
             principal, term_months, coverage_ratio, guaranteed_amount, annual_fee_rate, fee, risk_shares,
             counter_guarantees, pledge_value, status, requested_by, requested_by_partner)
           SELECT n.id, i.tenant_id, i.id, ($2::uuid[])[1 + (n.ord % array_length($2::uuid[], 1))],
             $1::uuid, $4, 12, $5, $6, 0.01, 50, $7::jsonb, '[]', 0, 'pending',
             'partner:' || $1::text, $1::uuid
           FROM guarantee.institutions i, unnest($3::uuid[]) WITH ORDINALITY AS n(id, ord)`,
          [
            bankPartnerId,
            enterprises,
            ids,
            PRINCIPAL,
            COVERAGE,
            AMOUNT,
            JSON.stringify(shareByPolicy(AMOUNT, DEFAULT_GUARANTEE_POLICY)),
          ],
        ),
      );
      return ids;
    };
    const project = await pool();
    const baseline = await pool();
    await owner.query('ANALYZE guarantee.guarantees');
    const outstandingBefore = await outstanding(owner);
    return { project, baseline, next: { project: 0, baseline: 0 }, outstandingBefore };
  } finally {
    await owner.end();
  }
}

/** The next pending guarantee of a side's pool; null once it is used up (the check says so). */
export function nextApproval(pools: ApprovalPools, side: 'project' | 'baseline'): string | null {
  const id = pools[side][pools.next[side]];
  if (id === undefined) return null;
  pools.next[side]++;
  return id;
}

/**
 * After the scenario: what the approvals reserved is what the institution's outstanding grew by
 * (nothing reserved twice, nothing lost between racing approvals), and within the leverage limit.
 * Then the run's guarantees are removed and the outstanding put back.
 */
export async function approvalChecks(ownerUrl: string, pools: ApprovalPools): Promise<Check[]> {
  // Requests still in flight when a run stopped finish first.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const ids = [...pools.project, ...pools.baseline];
    const approved = await asCenter(owner, 'jinan', async () => {
      const { rows } = await owner.query<{ n: number; total: string }>(
        `SELECT count(*)::int AS n, coalesce(sum(outstanding_liability), 0)::text AS total
         FROM guarantee.guarantees WHERE id = ANY($1::uuid[]) AND status = 'approved'`,
        [ids],
      );
      return rows[0] ?? { n: 0, total: '0' };
    });
    const after = await outstanding(owner);
    const { rows } = await asCenter(owner, 'jinan', () =>
      owner.query<{ net_assets: string }>(`SELECT net_assets::text FROM guarantee.institutions`),
    );
    const netAssets = rows[0]?.net_assets ?? '0';
    const grew = new Money(after).minus(pools.outstandingBefore);
    const limit = new Money(netAssets).times(DEFAULT_GUARANTEE_POLICY.leverageMultiple);
    const usedUp = (['project', 'baseline'] as const).filter(
      (side) => pools.next[side] >= pools[side].length,
    );
    await asCenter(owner, 'jinan', async () => {
      await owner.query(`DELETE FROM guarantee.guarantees WHERE id = ANY($1::uuid[])`, [ids]);
      await owner.query(`UPDATE guarantee.institutions SET outstanding = $1`, [
        pools.outstandingBefore,
      ]);
    });
    return [
      {
        name: 'approvals: reserved = approved',
        measured: `outstanding grew ${formatMoney(grew)} for ${approved.n} approvals of ${formatMoney(approved.total)}`,
        target: 'equal, every approval once',
        pass: approved.n > 0 && grew.equals(approved.total),
      },
      {
        name: 'approvals: leverage limit kept',
        measured: `${formatMoney(after)} outstanding`,
        target: `≤ ${formatMoney(limit)}`,
        pass: new Money(after).lessThanOrEqualTo(limit),
      },
      {
        name: 'approvals: pools lasted',
        measured: usedUp.length > 0 ? `${usedUp.join(' and ')} used up` : 'both lasted',
        target: 'no side runs out of pending guarantees',
        pass: usedUp.length === 0,
      },
    ];
  } finally {
    await owner.end();
  }
}

async function outstanding(owner: Client): Promise<string> {
  return asCenter(owner, 'jinan', async () => {
    const { rows } = await owner.query<{ outstanding: string }>(
      `SELECT outstanding::text FROM guarantee.institutions`,
    );
    return rows[0]?.outstanding ?? '0';
  });
}
