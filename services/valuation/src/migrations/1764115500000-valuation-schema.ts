import { tenantIsolationSql } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ValuationSchema1764115500000 implements MigrationInterface {
  name = 'ValuationSchema1764115500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE valuation.valuations (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      enterprise_id uuid NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('pledge', 'transfer', 'investment', 'reporting')),
      reference_date date NOT NULL,
      status text NOT NULL CHECK (status IN ('computed', 'approved', 'rejected', 'superseded', 'expired')),
      currency char(3) NOT NULL DEFAULT 'CNY',
      value numeric(20, 2) NOT NULL CHECK (value >= 0),
      low numeric(20, 2) NOT NULL CHECK (low >= 0),
      high numeric(20, 2) NOT NULL CHECK (high >= value),
      methods jsonb NOT NULL,
      score jsonb NOT NULL,
      assumptions jsonb NOT NULL,
      parameters jsonb NOT NULL,
      income jsonb,
      -- The sorted asset numbers: a new valuation of the same set supersedes the old one.
      asset_key text NOT NULL,
      prepared_by text NOT NULL,
      prepared_by_partner uuid,
      prepared_at timestamptz NOT NULL,
      approved_by text,
      approved_at timestamptz,
      valid_until date,
      rejected_by text,
      rejection_reason text,
      superseded_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'approved') <= (approved_by IS NOT NULL AND valid_until IS NOT NULL))
    )`);
    await q.query(
      `CREATE INDEX valuations_same_set ON valuation.valuations (tenant_id, enterprise_id, purpose, asset_key) WHERE status IN ('computed', 'approved')`,
    );
    await q.query(
      `CREATE INDEX valuations_enterprise ON valuation.valuations (tenant_id, enterprise_id, id)`,
    );
    await q.query(
      `CREATE INDEX valuations_due_to_expire ON valuation.valuations (valid_until) WHERE status = 'approved'`,
    );

    await q.query(`CREATE TABLE valuation.valuation_assets (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      valuation_id uuid NOT NULL REFERENCES valuation.valuations (id),
      position integer NOT NULL,
      kind text NOT NULL CHECK (kind IN ('patent', 'software_copyright', 'know_how')),
      number text NOT NULL,
      title text NOT NULL,
      patent_type text CHECK (patent_type IN ('invention', 'utility_model', 'design')),
      input jsonb NOT NULL,
      remaining_legal_years numeric(8, 2),
      economic_life_years numeric(8, 2) NOT NULL,
      value numeric(20, 2) NOT NULL CHECK (value >= 0),
      methods jsonb NOT NULL,
      score jsonb NOT NULL,
      UNIQUE (valuation_id, position),
      UNIQUE (valuation_id, number)
    )`);
    await q.query(
      `CREATE INDEX valuation_assets_number ON valuation.valuation_assets (tenant_id, number)`,
    );

    // Closed deals from the trading service, the market approach's comparables.
    await q.query(`CREATE TABLE valuation.comparables (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      deal_id text NOT NULL,
      asset_number text NOT NULL,
      patent_type text NOT NULL CHECK (patent_type IN ('invention', 'utility_model', 'design')),
      ipc_class text NOT NULL,
      price numeric(20, 2) NOT NULL CHECK (price > 0),
      remaining_life_years numeric(8, 2) NOT NULL CHECK (remaining_life_years > 0),
      closed_on date NOT NULL,
      UNIQUE (tenant_id, deal_id, asset_number)
    )`);
    await q.query(
      `CREATE INDEX comparables_type ON valuation.comparables (tenant_id, patent_type)`,
    );

    for (const table of [
      'valuation.valuations',
      'valuation.valuation_assets',
      'valuation.comparables',
    ]) {
      for (const statement of tenantIsolationSql(table)) await q.query(statement);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE valuation.comparables, valuation.valuation_assets, valuation.valuations`,
    );
  }
}
