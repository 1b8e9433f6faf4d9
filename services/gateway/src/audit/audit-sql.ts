/**
 * How the audit trail is written, apart from the gateway's Nest parts: the bench's baseline
 * writes its rows with the same statement on the same schedule (tools/bench/src/baseline).
 */
import type { AuditEntry } from './audit-record';

/** A batch is written this often, or as soon as this many rows wait. */
export const AUDIT_FLUSH_INTERVAL_MS = 100;
export const AUDIT_BATCH_ROWS = 200;

/** The columns and the array type each is sent as (actor_roles as comma-joined text: see below). */
const COLUMNS = [
  ['id', 'uuid'],
  ['tenant_id', 'text'],
  ['occurred_at', 'timestamptz'],
  ['actor_kind', 'text'],
  ['actor_id', 'text'],
  ['actor_name', 'text'],
  ['api_key_id', 'text'],
  ['actor_roles', 'text'],
  ['method', 'text'],
  ['route', 'text'],
  ['path', 'text'],
  ['target_id', 'text'],
  ['status', 'smallint'],
  ['problem_type', 'text'],
  ['request_id', 'text'],
  ['client_address', 'text'],
  ['duration_ms', 'real'],
] as const;

/**
 * One statement for any number of rows: a column per array parameter, unnested. Its text never
 * changes, so it is prepared once per connection, where a VALUES list of N rows was a new
 * statement to parse and plan at each batch, with 17 × N parameters to bind. unnest flattens
 * arrays of arrays, so a row's roles travel as one comma-joined text (roles and partner kinds
 * are fixed kebab-case words) and are split back in the statement.
 */
export const AUDIT_INSERT_SQL = `INSERT INTO gateway.audit_log (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT ${COLUMNS.map(([name]) => (name === 'actor_roles' ? `string_to_array(${name}, ',')` : name)).join(', ')}
  FROM unnest(${COLUMNS.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})
    AS batch(${COLUMNS.map(([name]) => name).join(', ')})`;

/** The batch as one array per column, in COLUMNS' order. */
export function auditColumnsOf(rows: AuditEntry[]): unknown[][] {
  return [
    rows.map((entry) => entry.id),
    rows.map((entry) => entry.tenant),
    rows.map((entry) => entry.occurredAt),
    rows.map((entry) => entry.actorKind),
    rows.map((entry) => entry.actorId),
    rows.map((entry) => entry.actorName),
    rows.map((entry) => entry.apiKeyId),
    rows.map((entry) => entry.actorRoles.join(',')),
    rows.map((entry) => entry.method),
    rows.map((entry) => entry.route),
    rows.map((entry) => entry.path),
    rows.map((entry) => entry.targetId),
    rows.map((entry) => entry.status),
    rows.map((entry) => entry.problemType),
    rows.map((entry) => entry.requestId),
    rows.map((entry) => entry.clientAddress),
    rows.map((entry) => entry.durationMs),
  ];
}
