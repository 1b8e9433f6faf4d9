import { createTenantTable } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const MONEY = 'numeric(20, 2)';

export class CenterStats1796290000000 implements MigrationInterface {
  name = 'CenterStats1796290000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per center: its headline figures, moved by the services' events (stats/).
    await createTenantTable(
      q,
      'tenancy.center_stats',
      `patents_valued integer NOT NULL DEFAULT 0,
      valued_total ${MONEY} NOT NULL DEFAULT 0,
      enterprises_guaranteed integer NOT NULL DEFAULT 0,
      guaranteed_amount ${MONEY} NOT NULL DEFAULT 0,
      loans integer NOT NULL DEFAULT 0,
      loan_amount ${MONEY} NOT NULL DEFAULT 0,
      loans_outstanding ${MONEY} NOT NULL DEFAULT 0,
      npl_ratio numeric(12, 10),
      npl_as_of date,
      investments integer NOT NULL DEFAULT 0,
      invested_amount ${MONEY} NOT NULL DEFAULT 0,
      trade_deals integer NOT NULL DEFAULT 0,
      traded_amount ${MONEY} NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()`,
    );
    await q.query(`CREATE UNIQUE INDEX center_stats_one_row ON tenancy.center_stats (tenant_id)`);
    // What a distinct count has counted already: a patent valued, an enterprise guaranteed.
    await createTenantTable(
      q,
      'tenancy.stats_members',
      `kind text NOT NULL CHECK (kind IN ('patent-valued', 'enterprise-guaranteed')),
      key text NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX stats_members_once ON tenancy.stats_members (tenant_id, kind, key)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tenancy.stats_members`);
    await q.query(`DROP TABLE tenancy.center_stats`);
  }
}
