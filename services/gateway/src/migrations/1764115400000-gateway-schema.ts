import { tenantIsolationSql } from '@tf/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GatewaySchema1764115400000 implements MigrationInterface {
  name = 'GatewaySchema1764115400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE gateway.idempotency_keys (
      -- Keys are per client and per center; platform-level calls use the tenant "_platform".
      tenant_id text NOT NULL,
      client_id text NOT NULL,
      key text NOT NULL,
      fingerprint text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      state text NOT NULL CHECK (state IN ('in_flight', 'completed')),
      response_status integer,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      PRIMARY KEY (tenant_id, client_id, key)
    )`);
    await q.query(`CREATE INDEX idempotency_keys_created ON gateway.idempotency_keys (created_at)`);
    for (const statement of tenantIsolationSql('gateway.idempotency_keys'))
      await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.idempotency_keys`);
  }
}
