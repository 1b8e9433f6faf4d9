import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { everyHour, LOGGER, TenantDatabase } from '@tf/platform';
import type { Logger } from 'pino';
import { REPLAY_WINDOW_MS, type StoredAttempt } from './request-fingerprint';

export interface AttemptKey {
  tenant: string;
  clientId: string;
  key: string;
}

/** The statements of the gateway's Idempotency-Key records (the bench's baseline runs them too). */
export const IDEMPOTENCY_SQL = {
  claim: `INSERT INTO gateway.idempotency_keys (tenant_id, client_id, key, fingerprint, method, path, state)
    VALUES ($1, $2, $3, $4, $5, $6, 'in_flight') ON CONFLICT DO NOTHING RETURNING 1`,
  find: `SELECT state, fingerprint, created_at, response_status, response_body FROM gateway.idempotency_keys
    WHERE tenant_id = $1 AND client_id = $2 AND key = $3`,
  complete: `UPDATE gateway.idempotency_keys SET state = 'completed', response_status = $4, response_body = $5::jsonb, completed_at = now()
    WHERE tenant_id = $1 AND client_id = $2 AND key = $3`,
  release: `DELETE FROM gateway.idempotency_keys WHERE tenant_id = $1 AND client_id = $2 AND key = $3`,
  releaseSeen: `DELETE FROM gateway.idempotency_keys WHERE tenant_id = $1 AND client_id = $2 AND key = $3
    AND date_trunc('milliseconds', created_at) = $4`,
  /** Every center's keys past the replay window (a SECURITY DEFINER function: RLS stays on). */
  purge: `SELECT gateway.purge_idempotency_keys(now() - make_interval(secs => $1)) AS purged`,
} as const;

interface Row {
  state: 'in_flight' | 'completed';
  fingerprint: string;
  created_at: Date;
  response_status: number | null;
  response_body: unknown;
}

/**
 * Idempotency keys in PostgreSQL. Claiming is one INSERT ... ON CONFLICT DO NOTHING committed at
 * once, so of two concurrent requests with one key exactly one wins; the other finds the row
 * in flight. Keys past the 24-hour window are purged once an hour.
 */
@Injectable()
export class IdempotencyStore implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: TenantDatabase,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.purgeTimer = everyHour(
      'purging expired Idempotency-Keys',
      () => this.purgeExpired(),
      this.logger,
    );
  }

  /** The timer stops before the connection pool closes (a later shutdown phase). */
  beforeApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  /** Deletes every center's keys older than the replay window; how many went. */
  async purgeExpired(): Promise<number> {
    const rows = await this.db.transaction(undefined, (sql) =>
      sql.query<{ purged: number }>(IDEMPOTENCY_SQL.purge, [REPLAY_WINDOW_MS / 1000]),
    );
    return rows[0]?.purged ?? 0;
  }

  /** True if this request now owns the key; otherwise what the earlier attempt left. */
  async claim(
    id: AttemptKey,
    fingerprint: string,
    method: string,
    path: string,
  ): Promise<true | StoredAttempt> {
    return this.db.transaction(id.tenant, async (sql) => {
      const inserted = await sql.query(
        IDEMPOTENCY_SQL.claim,
        [id.tenant, id.clientId, id.key, fingerprint, method, path],
        { prepared: true },
      );
      if (inserted.length > 0) return true;
      const rows = await sql.query<Row>(IDEMPOTENCY_SQL.find, [id.tenant, id.clientId, id.key], {
        prepared: true,
      });
      const row = rows[0];
      if (!row) throw new Error('idempotency key vanished between insert and select');
      return row.state === 'in_flight'
        ? { state: 'in_flight', fingerprint: row.fingerprint, createdAt: row.created_at }
        : {
            state: 'completed',
            fingerprint: row.fingerprint,
            createdAt: row.created_at,
            status: row.response_status ?? 200,
            body: row.response_body,
          };
    });
  }

  /** Stores the answer to replay: its status and its body as JSON text. */
  async complete(id: AttemptKey, status: number, json: string): Promise<void> {
    await this.db.transaction(id.tenant, (sql) =>
      sql.query(IDEMPOTENCY_SQL.complete, [id.tenant, id.clientId, id.key, status, json], {
        prepared: true,
      }),
    );
  }

  /**
   * Forgets an attempt that failed for a reason a retry may fix (5xx); with `seenCreatedAt`, the
   * attempt seen past its window or lease, and not one a concurrent retry has claimed since (its
   * created_at as JavaScript read it: to the millisecond).
   */
  async release(id: AttemptKey, seenCreatedAt?: Date): Promise<void> {
    const where = [id.tenant, id.clientId, id.key];
    await this.db.transaction(id.tenant, (sql) =>
      seenCreatedAt
        ? sql.query(IDEMPOTENCY_SQL.releaseSeen, [...where, seenCreatedAt], { prepared: true })
        : sql.query(IDEMPOTENCY_SQL.release, where, { prepared: true }),
    );
  }
}
