import { createHash } from 'node:crypto';
import { CommonErrors, conflict } from '@tf/core';
import type { Sql } from '../database/sql';

/**
 * The service's half of the Idempotency-Key promise. The gateway keeps keys too, but it cannot
 * know whether a command it gave up on (a 503 after its timeout) was committed: a slow service
 * still commits, and the client's retry would write twice. So each command that arrives with a
 * key claims it in the service's own table, in the same transaction as its writes, and stores its
 * reply there before commit: a retry finds the reply and gets it back without running again.
 *
 * Claiming is an INSERT … ON CONFLICT DO NOTHING: a second attempt with the same key waits on the
 * first one's uncommitted row, then either finds its reply (it committed) or claims the key
 * itself (it rolled back). The race is closed by the primary key, not by reading first.
 */
export interface CommandKey {
  tenant: string;
  /** "api-key:<id>" or "user:<id>": keys are per client. */
  clientId: string;
  key: string;
  subject: string;
  /** What was asked: the same key with another request is a conflict, never a replay. */
  fingerprint: string;
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; reply: Uint8Array };

export const IDEMPOTENT_COMMANDS_TABLE = 'idempotent_commands';

/** How long a reply is kept: beyond the gateway's 24-hour replay window. */
export const COMMAND_REPLY_RETENTION_HOURS = 48;

export function commandFingerprint(payload: Uint8Array): string {
  return createHash('sha256').update(payload).digest('hex');
}

/** The statements of the record, in the command's own transaction (`table` is schema.table). */
export const COMMAND_SQL = {
  claim: (table: string) => `INSERT INTO ${table} (tenant_id, client_id, key, subject, fingerprint)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
  find: (table: string) => `SELECT fingerprint, reply FROM ${table}
     WHERE tenant_id = $1 AND client_id = $2 AND key = $3 AND subject = $4`,
  store: (table: string) => `UPDATE ${table} SET reply = $5
     WHERE tenant_id = $1 AND client_id = $2 AND key = $3 AND subject = $4`,
};

export async function claimCommand(sql: Sql, schema: string, command: CommandKey): Promise<Claim> {
  const table = `${schema}.${IDEMPOTENT_COMMANDS_TABLE}`;
  const where = [command.tenant, command.clientId, command.key, command.subject];
  const claimed = await sql.query(COMMAND_SQL.claim(table), [...where, command.fingerprint], {
    prepared: true,
  });
  if (claimed.length > 0) return { kind: 'claimed' };
  const rows = await sql.query<{ fingerprint: string; reply: Buffer | null }>(
    COMMAND_SQL.find(table),
    where,
    { prepared: true },
  );
  const row = rows[0];
  // Only a committed attempt is visible here, and it stored its reply before committing.
  if (!row?.reply) throw new Error(`idempotency key ${command.key} has no stored reply`);
  if (row.fingerprint !== command.fingerprint) {
    throw conflict(
      CommonErrors.IDEMPOTENCY_KEY_REUSED,
      'this Idempotency-Key was used with a different request body',
    );
  }
  return { kind: 'replay', reply: new Uint8Array(row.reply) };
}

export function storeCommandReply(
  sql: Sql,
  schema: string,
  command: CommandKey,
  reply: Uint8Array,
): void {
  // Sent, not awaited: it travels with the outbox rows and the COMMIT (Sql.send).
  sql.send(
    COMMAND_SQL.store(`${schema}.${IDEMPOTENT_COMMANDS_TABLE}`),
    [command.tenant, command.clientId, command.key, command.subject, Buffer.from(reply)],
    { prepared: true },
  );
}
