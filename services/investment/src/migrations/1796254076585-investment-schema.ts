import { createTenantTable } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const MONEY = 'numeric(20, 2)';
const OPEN_STAGES = `('sourcing', 'screening', 'due_diligence', 'committee', 'term_sheet')`;

export class InvestmentSchema1796254076585 implements MigrationInterface {
  name = 'InvestmentSchema1796254076585';

  async up(q: QueryRunner): Promise<void> {
    // The fund's running totals live on its row, changed only under its row lock; the checks are
    // DOMAIN.md's limits, held by the table itself: never more invested than the fund's size, never
    // more committed by partners than the size, never more called than committed.
    await createTenantTable(
      q,
      'investment.funds',
      `name text NOT NULL,
      size ${MONEY} NOT NULL CHECK (size > 0),
      vintage_year integer NOT NULL CHECK (vintage_year BETWEEN 1990 AND 2100),
      management_fee_rate numeric(12, 10) NOT NULL,
      carried_interest_rate numeric(12, 10) NOT NULL,
      hurdle_rate numeric(12, 10) NOT NULL,
      committee uuid[] NOT NULL,
      manager_partner_id uuid,
      committed ${MONEY} NOT NULL DEFAULT 0 CHECK (committed >= 0 AND committed <= size),
      commitments ${MONEY} NOT NULL DEFAULT 0 CHECK (commitments >= 0 AND commitments <= size),
      called ${MONEY} NOT NULL DEFAULT 0 CHECK (called >= 0 AND called <= commitments),
      distributed ${MONEY} NOT NULL DEFAULT 0 CHECK (distributed >= 0),
      proceeds ${MONEY} NOT NULL DEFAULT 0 CHECK (proceeds >= 0),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(`CREATE UNIQUE INDEX funds_name ON investment.funds (tenant_id, lower(name))`);
    await q.query(
      `CREATE INDEX funds_manager ON investment.funds (tenant_id, manager_partner_id) WHERE manager_partner_id IS NOT NULL`,
    );

    await createTenantTable(
      q,
      'investment.limited_partners',
      `fund_id uuid NOT NULL REFERENCES investment.funds (id),
      name text NOT NULL,
      commitment ${MONEY} NOT NULL CHECK (commitment > 0),
      called ${MONEY} NOT NULL DEFAULT 0 CHECK (called >= 0 AND called <= commitment),
      distributed ${MONEY} NOT NULL DEFAULT 0 CHECK (distributed >= 0),
      created_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(
      `CREATE UNIQUE INDEX limited_partners_name ON investment.limited_partners (tenant_id, fund_id, lower(name))`,
    );

    await createTenantTable(
      q,
      'investment.fund_flows',
      `fund_id uuid NOT NULL REFERENCES investment.funds (id),
      kind text NOT NULL CHECK (kind IN ('capital_call', 'distribution')),
      amount ${MONEY} NOT NULL CHECK (amount > 0),
      "on" date NOT NULL,
      recorded_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(
      `CREATE INDEX fund_flows_fund ON investment.fund_flows (tenant_id, fund_id, "on")`,
    );

    await createTenantTable(
      q,
      'investment.fund_flow_shares',
      `flow_id uuid NOT NULL REFERENCES investment.fund_flows (id),
      limited_partner_id uuid NOT NULL REFERENCES investment.limited_partners (id),
      amount ${MONEY} NOT NULL CHECK (amount >= 0)`,
    );
    await q.query(`CREATE INDEX fund_flow_shares_flow ON investment.fund_flow_shares (flow_id)`);
    await q.query(
      `CREATE INDEX fund_flow_shares_partner ON investment.fund_flow_shares (limited_partner_id)`,
    );

    // One open deal per fund and company: a second (30 identical requests at once) is a 409.
    await createTenantTable(
      q,
      'investment.deals',
      `fund_id uuid NOT NULL REFERENCES investment.funds (id),
      enterprise_id uuid NOT NULL,
      stage text NOT NULL CHECK (stage IN ('sourcing', 'screening', 'due_diligence', 'committee', 'term_sheet', 'closed', 'rejected')),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(
      `CREATE UNIQUE INDEX deals_open ON investment.deals (tenant_id, fund_id, enterprise_id) WHERE stage IN ${OPEN_STAGES}`,
    );
    await q.query(`CREATE INDEX deals_fund ON investment.deals (tenant_id, fund_id, id)`);

    await createTenantTable(
      q,
      'investment.deal_stage_moves',
      `deal_id uuid NOT NULL REFERENCES investment.deals (id),
      from_stage text,
      to_stage text NOT NULL,
      reason text,
      moved_by text NOT NULL,
      moved_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(
      `CREATE INDEX deal_stage_moves_deal ON investment.deal_stage_moves (deal_id, moved_at)`,
    );

    // A member votes once on a deal.
    await createTenantTable(
      q,
      'investment.committee_votes',
      `deal_id uuid NOT NULL REFERENCES investment.deals (id),
      voter uuid NOT NULL,
      vote text NOT NULL CHECK (vote IN ('for', 'against', 'abstain')),
      comment text,
      voted_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (deal_id, voter)`,
    );

    // A deal closes into one investment.
    await createTenantTable(
      q,
      'investment.investments',
      `fund_id uuid NOT NULL REFERENCES investment.funds (id),
      deal_id uuid NOT NULL UNIQUE REFERENCES investment.deals (id),
      enterprise_id uuid NOT NULL,
      instrument text NOT NULL CHECK (instrument IN ('equity', 'convertible_note', 'warrant')),
      amount ${MONEY} NOT NULL CHECK (amount > 0),
      pre_money_valuation ${MONEY} NOT NULL CHECK (pre_money_valuation > 0),
      closed_on date NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'exited')),
      last_entry_on date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(
      `CREATE INDEX investments_fund ON investment.investments (tenant_id, fund_id, id)`,
    );
    await q.query(
      `CREATE INDEX investments_enterprise ON investment.investments (tenant_id, enterprise_id)`,
    );

    // Every round, mark and exit, dated: the ledger a holding and the fund's NAV are folded from.
    await createTenantTable(
      q,
      'investment.investment_entries',
      `investment_id uuid NOT NULL REFERENCES investment.investments (id),
      fund_id uuid NOT NULL REFERENCES investment.funds (id),
      kind text NOT NULL CHECK (kind IN ('close', 'follow_on', 'mark', 'exit')),
      "on" date NOT NULL,
      amount ${MONEY} CHECK (amount > 0),
      pre_money ${MONEY} CHECK (pre_money > 0),
      fair_value ${MONEY} CHECK (fair_value >= 0),
      fraction numeric(12, 10) CHECK (fraction > 0 AND fraction <= 1),
      proceeds ${MONEY} CHECK (proceeds >= 0),
      recorded_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind IN ('close', 'follow_on')) = (amount IS NOT NULL AND pre_money IS NOT NULL)),
      CHECK ((kind = 'mark') = (fair_value IS NOT NULL)),
      CHECK ((kind = 'exit') = (fraction IS NOT NULL AND proceeds IS NOT NULL))`,
    );
    await q.query(
      `CREATE INDEX investment_entries_investment ON investment.investment_entries (investment_id, "on")`,
    );
    await q.query(
      `CREATE INDEX investment_entries_fund ON investment.investment_entries (tenant_id, fund_id, "on")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'investment_entries',
      'investments',
      'committee_votes',
      'deal_stage_moves',
      'deals',
      'fund_flow_shares',
      'fund_flows',
      'limited_partners',
      'funds',
    ])
      await q.query(`DROP TABLE investment.${table}`);
  }
}
