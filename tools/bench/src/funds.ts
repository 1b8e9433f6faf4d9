import { addMonths, newId } from '@tf/core';
import { Client } from 'pg';
import { asCenter } from './dataset';

/**
 * The investment part of the dataset (issue 11): one Jinan fund of ¥10 billion with four limited
 * partners, 200 investments closed between 2018 and 2024 (each marked since, one in four half
 * sold), and 2,000 dated flows: 1,500 capital calls and 500 distributions, each split across the
 * partners. Written straight into PostgreSQL as the investment service writes them, and the same
 * for both sides: GET /funds/{id}/metrics reads it as of a day.
 */
export const FUND_INVESTMENTS = 200;
export const FUND_FLOWS = 2_000;
export const FUND_FIXTURE_VERSION = 1;

export interface FundFixture {
  version: number;
  fundId: string;
}

const SIZE = '10000000000.00';
const COMMITMENTS = ['4000000000.00', '3000000000.00', '2000000000.00', '1000000000.00'];
const CALL = '2000000.00';
const DISTRIBUTION = '1000000.00';
const INVESTED = '10000000.00';

export async function ensureFund(
  ownerUrl: string,
  log: (line: string) => void,
): Promise<FundFixture> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const { rows } = await owner.query<{ value: FundFixture }>(
      `SELECT value FROM bench.fixture WHERE name = 'fund'`,
    );
    if (rows[0]?.value.version === FUND_FIXTURE_VERSION) return rows[0].value;
    const fundId = newId();
    await asCenter(owner, 'jinan', () => writeFund(owner, fundId));
    const fixture: FundFixture = { version: FUND_FIXTURE_VERSION, fundId };
    await owner.query(
      `INSERT INTO bench.fixture (name, value) VALUES ('fund', $1)
       ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
      [JSON.stringify(fixture)],
    );
    await owner.query('ANALYZE investment.fund_flows, investment.investment_entries');
    log(`dataset: a fund with ${FUND_INVESTMENTS} investments and ${FUND_FLOWS} flows`);
    return fixture;
  } finally {
    await owner.end();
  }
}

async function writeFund(owner: Client, fundId: string): Promise<void> {
  const calls = (FUND_FLOWS * 3) / 4;
  const called = (Number(CALL) * calls).toFixed(2);
  const distributions = FUND_FLOWS - calls;
  await owner.query(
    `INSERT INTO investment.funds (id, tenant_id, name, size, vintage_year, management_fee_rate,
       carried_interest_rate, hurdle_rate, committee, committed, commitments, called, distributed, created_by)
     VALUES ($1::uuid, 'jinan', 'Bench Fund ' || $1::text, $2, 2018, 0.02, 0.2, 0.08, $3, $4, $2, $5, $6, 'user:bench')`,
    [
      fundId,
      SIZE,
      [newId(), newId(), newId()],
      (Number(INVESTED) * FUND_INVESTMENTS).toFixed(2),
      called,
      (Number(DISTRIBUTION) * distributions).toFixed(2),
    ],
  );
  const partners = COMMITMENTS.map(() => newId());
  await owner.query(
    `INSERT INTO investment.limited_partners (id, tenant_id, fund_id, name, commitment, called, distributed)
     SELECT p, 'jinan', $1, 'Bench LP ' || k, c::numeric, $3::numeric * c::numeric / $4::numeric,
       $5::numeric * c::numeric / $4::numeric
     FROM unnest($2::uuid[], $6::text[]) WITH ORDINALITY AS n(p, c, k)`,
    [
      fundId,
      partners,
      called,
      SIZE,
      (Number(DISTRIBUTION) * distributions).toFixed(2),
      COMMITMENTS,
    ],
  );
  // Calls and distributions a day apart from 2018-01-01 on, every fourth a distribution.
  const flows = Array.from({ length: FUND_FLOWS }, (_, k) => ({
    id: newId(),
    kind: k % 4 === 3 ? 'distribution' : 'capital_call',
    on: new Date(Date.UTC(2018, 0, 1 + k)).toISOString().slice(0, 10),
  }));
  await owner.query(
    `INSERT INTO investment.fund_flows (id, tenant_id, fund_id, kind, amount, "on", recorded_by)
     SELECT f, 'jinan', $1, k, CASE k WHEN 'capital_call' THEN $2::numeric ELSE $3::numeric END, d::date, 'user:bench'
     FROM unnest($4::uuid[], $5::text[], $6::text[]) AS n(f, k, d)`,
    [
      fundId,
      CALL,
      DISTRIBUTION,
      flows.map((f) => f.id),
      flows.map((f) => f.kind),
      flows.map((f) => f.on),
    ],
  );
  await owner.query(
    `INSERT INTO investment.fund_flow_shares (id, tenant_id, flow_id, limited_partner_id, amount)
     SELECT gen_random_uuid(), 'jinan', f.id, p.id, f.amount * p.commitment / $2::numeric
     FROM investment.fund_flows f CROSS JOIN investment.limited_partners p
     WHERE f.fund_id = $1 AND p.fund_id = $1`,
    [fundId, SIZE],
  );

  const investments = Array.from({ length: FUND_INVESTMENTS }, (_, k) => {
    const closedOn = addMonths('2018-01-15', Math.floor((k * 84) / FUND_INVESTMENTS));
    return {
      id: newId(),
      deal: newId(),
      enterprise: newId(),
      closedOn,
      markedOn: addMonths(closedOn, 12),
      exitedOn: k % 4 === 0 ? addMonths(closedOn, 24) : null,
      fairValue: (Number(INVESTED) * (0.5 + (k % 7) * 0.4)).toFixed(2),
    };
  });
  const column = <K extends keyof (typeof investments)[number]>(key: K) =>
    investments.map((i) => i[key]);
  await owner.query(
    `INSERT INTO investment.deals (id, tenant_id, fund_id, enterprise_id, stage, created_by)
     SELECT d, 'jinan', $1, e, 'closed', 'user:bench' FROM unnest($2::uuid[], $3::uuid[]) AS n(d, e)`,
    [fundId, column('deal'), column('enterprise')],
  );
  await owner.query(
    `INSERT INTO investment.investments (id, tenant_id, fund_id, deal_id, enterprise_id, instrument, amount,
       pre_money_valuation, closed_on, last_entry_on)
     SELECT i, 'jinan', $1, d, e, 'equity', $2, 40000000, c::date, coalesce(x, m)::date
     FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[]) AS n(i, d, e, c, m, x)`,
    [
      fundId,
      INVESTED,
      column('id'),
      column('deal'),
      column('enterprise'),
      column('closedOn'),
      column('markedOn'),
      column('exitedOn'),
    ],
  );
  await owner.query(
    `INSERT INTO investment.investment_entries (id, tenant_id, investment_id, fund_id, kind, "on", amount,
       pre_money, fair_value, fraction, proceeds, recorded_by)
     SELECT gen_random_uuid(), 'jinan', i, $1::uuid, 'close', c::date, $2::numeric, 40000000::numeric,
         NULL::numeric, NULL::numeric, NULL::numeric, 'user:bench'
       FROM unnest($3::uuid[], $4::text[]) AS n(i, c)
     UNION ALL
     SELECT gen_random_uuid(), 'jinan', i, $1::uuid, 'mark', m::date, NULL, NULL, v::numeric, NULL, NULL, 'user:bench'
       FROM unnest($3::uuid[], $5::text[], $6::text[]) AS n(i, m, v)
     UNION ALL
     SELECT gen_random_uuid(), 'jinan', i, $1::uuid, 'exit', x::date, NULL, NULL, NULL, 0.5, v::numeric / 2, 'user:bench'
       FROM unnest($3::uuid[], $7::text[], $6::text[]) AS n(i, x, v) WHERE x IS NOT NULL`,
    [
      fundId,
      INVESTED,
      column('id'),
      column('closedOn'),
      column('markedOn'),
      column('fairValue'),
      column('exitedOn'),
    ],
  );
  await owner.query(
    `UPDATE investment.funds SET proceeds =
       (SELECT coalesce(sum(proceeds), 0) FROM investment.investment_entries WHERE fund_id = $1)
     WHERE id = $1`,
    [fundId],
  );
}
