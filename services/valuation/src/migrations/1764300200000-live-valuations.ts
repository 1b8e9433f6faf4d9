import { acrossTenants } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 6: one live valuation per holder and asset set, one live pledge value per asset, and
 * assets named by their identity ("CN…" and "ZL…" of one patent are one asset). The rules are
 * unique indexes, so no race can break them; existing rows are brought in line first.
 */
export class LiveValuations1764300200000 implements MigrationInterface {
  name = 'LiveValuations1764300200000';

  async up(q: QueryRunner): Promise<void> {
    const valuations = 'valuation.valuations';
    const assets = 'valuation.valuation_assets';
    await q.query(`ALTER TABLE ${valuations} ADD COLUMN holder text`);
    await q.query(`ALTER TABLE ${assets} ADD COLUMN identity text`);
    await q.query(`ALTER TABLE ${assets} ADD COLUMN live_pledge boolean NOT NULL DEFAULT false`);

    await acrossTenants(q, [valuations, assets], async () => {
      // Whoever asked holds it: the partner, or the center when its staff asked.
      await q.query(
        `UPDATE ${valuations} SET holder = COALESCE('partner:' || prepared_by_partner, 'center')`,
      );
      await q.query(`UPDATE ${assets} SET identity = CASE WHEN kind = 'patent'
        THEN regexp_replace(number, '^(CN|ZL)', '') ELSE upper(number) END`);
      await q.query(`UPDATE ${valuations} v SET asset_key = k.key FROM (
          SELECT valuation_id, string_agg(identity, '|' ORDER BY identity) AS key
          FROM ${assets} GROUP BY valuation_id) k
        WHERE k.valuation_id = v.id`);
      // Of duplicates that races or notation left, the newest stays live; it supersedes the rest.
      for (const status of ['computed', 'approved']) {
        await q.query(
          `WITH ranked AS (
             SELECT id, first_value(id) OVER w AS newest, row_number() OVER w AS n
             FROM ${valuations} WHERE status = $1
             WINDOW w AS (PARTITION BY tenant_id, holder, enterprise_id, purpose, asset_key ORDER BY id DESC))
           UPDATE ${valuations} v SET status = 'superseded', superseded_by = r.newest, updated_at = now()
           FROM ranked r WHERE v.id = r.id AND r.n > 1`,
          [status],
        );
      }
      // The live pledge value of each asset: its most recently approved pledge valuation.
      await q.query(`UPDATE ${assets} a SET live_pledge = true FROM (
          SELECT DISTINCT ON (a.tenant_id, a.identity) a.id
          FROM ${assets} a JOIN ${valuations} v ON v.id = a.valuation_id
          WHERE v.status = 'approved' AND v.purpose = 'pledge'
          ORDER BY a.tenant_id, a.identity, v.approved_at DESC) live
        WHERE a.id = live.id`);
    });

    await q.query(`ALTER TABLE ${valuations} ALTER COLUMN holder SET NOT NULL`);
    await q.query(`ALTER TABLE ${assets} ALTER COLUMN identity SET NOT NULL`);
    await q.query(`DROP INDEX valuation.valuations_same_set`);
    await q.query(`CREATE UNIQUE INDEX valuations_one_pending_per_holder_and_set
      ON ${valuations} (tenant_id, holder, enterprise_id, purpose, asset_key) WHERE status = 'computed'`);
    await q.query(`CREATE UNIQUE INDEX valuations_one_approved_per_holder_and_set
      ON ${valuations} (tenant_id, holder, enterprise_id, purpose, asset_key) WHERE status = 'approved'`);
    await q.query(`CREATE UNIQUE INDEX valuation_assets_one_live_pledge
      ON ${assets} (tenant_id, identity) WHERE live_pledge`);
    await q.query(
      `ALTER TABLE ${assets} ADD CONSTRAINT valuation_assets_identity UNIQUE (valuation_id, identity)`,
    );
    await q.query(
      `CREATE INDEX valuation_assets_identity_lookup ON ${assets} (tenant_id, identity)`,
    );
  }

  /** Not reversible: superseded duplicates cannot be told apart from real supersessions. */
  async down(): Promise<void> {
    throw new Error('LiveValuations1764300200000 cannot be reverted; restore a backup');
  }
}
