import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LOGGER, TenantDatabase, type Sql } from '@tf/platform';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { auditEntryOf, isAudited, type AuditEntry } from './audit-record';

/** A batch is written this often, or as soon as this many rows wait. */
export const AUDIT_FLUSH_INTERVAL_MS = 100;
export const AUDIT_BATCH_ROWS = 200;
/** While PostgreSQL cannot take them, rows wait here; beyond this the oldest go to the log instead. */
const MAX_WAITING_ROWS = 20_000;

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
const INSERT_BATCH = `INSERT INTO gateway.audit_log (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT ${COLUMNS.map(([name]) => (name === 'actor_roles' ? `string_to_array(${name}, ',')` : name)).join(', ')}
  FROM unnest(${COLUMNS.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})
    AS batch(${COLUMNS.map(([name]) => name).join(', ')})`;

/** The batch as one array per column, in COLUMNS' order. */
function columnsOf(rows: AuditEntry[]): unknown[][] {
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

/** A value PostgreSQL refused (class 22, data exception; 23, integrity): retrying will not help. */
function isBadRow(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/**
 * The audit trail's writer. Fastify's onSend hook (every answer passes it, errors from the
 * ProblemFilter and from Fastify's own hooks included, with the status already set) builds the
 * row in memory; nothing waits on PostgreSQL on the request's path. Rows are written in batches,
 * one multi-row INSERT per center in one transaction, every AUDIT_FLUSH_INTERVAL_MS or as soon as
 * AUDIT_BATCH_ROWS wait, and on shutdown after the HTTP server has answered its last request.
 *
 * What a crash can lose: the rows of the last AUDIT_FLUSH_INTERVAL_MS (more while PostgreSQL is
 * unreachable, when rows wait here, up to MAX_WAITING_ROWS, after which the oldest are written to
 * the log instead of the table). A kill -9 of the gateway loses what was waiting; a graceful stop
 * (SIGTERM) loses nothing.
 */
@Injectable()
export class AuditTrail implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private waiting: AuditEntry[] = [];
  private writing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly db: TenantDatabase,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // No HTTP server (a test that builds the module alone): nothing to record.
    if (!http) return;
    http.addHook('onSend', (request, reply, payload, done) => {
      if (isAudited(request)) this.record(auditEntryOf(request, reply, payload));
      done(null, payload);
    });
    this.timer = setInterval(() => {
      if (this.waiting.length > 0) void this.flush();
    }, AUDIT_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  record(entry: AuditEntry): void {
    this.waiting.push(entry);
    if (this.waiting.length >= AUDIT_BATCH_ROWS && !this.writing) void this.flush();
  }

  /**
   * Writes every row waiting when it is called (GET /audit calls it first, so a client that was
   * answered by this replica finds its call). Never throws: a failure leaves the rows waiting.
   */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.waiting.length === 0) return;
    this.writing = this.drain();
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
  }

  /** Background timers stop last: requests still being answered are recorded until the server closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** The HTTP server has closed by now and answered its last request; the pool closes after this. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.waiting.length > 0) this.dropToLog(this.waiting.length, 'the gateway stopped');
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, AUDIT_BATCH_ROWS);
      try {
        await this.write(batch);
        if (this.failing) this.logger.info('audit trail written again');
        this.failing = false;
      } catch (error) {
        if (isBadRow(error)) {
          await this.writeOneByOne(batch);
          continue;
        }
        this.waiting.unshift(...batch);
        if (!this.failing)
          this.logger.warn({ err: error, waiting: this.waiting.length }, 'audit rows wait');
        this.failing = true;
        if (this.waiting.length > MAX_WAITING_ROWS)
          this.dropToLog(this.waiting.length - MAX_WAITING_ROWS, 'too many rows wait');
        return;
      }
    }
  }

  /** One transaction; each center's rows under its own app.tenant_id (the policy checks it). */
  private async write(batch: AuditEntry[]): Promise<void> {
    const byTenant = new Map<string, AuditEntry[]>();
    for (const entry of batch) {
      const rows = byTenant.get(entry.tenant);
      if (rows) rows.push(entry);
      else byTenant.set(entry.tenant, [entry]);
    }
    const tenants = [...byTenant.keys()];
    await this.db.transaction(tenants[0], async (sql) => {
      for (const [index, tenant] of tenants.entries()) {
        if (index > 0) await setTenant(sql, tenant);
        const rows = byTenant.get(tenant) ?? [];
        await sql.execute(INSERT_BATCH, columnsOf(rows), { prepared: true });
      }
    });
  }

  /** A batch PostgreSQL refused for a value: the others are written, the refused one is logged. */
  private async writeOneByOne(batch: AuditEntry[]): Promise<void> {
    for (const entry of batch) {
      try {
        await this.write([entry]);
      } catch (error) {
        this.logger.error({ err: error, audit: entry }, 'audit row refused by the database');
      }
    }
  }

  /** The oldest rows leave memory for the log: evidence kept somewhere rather than nowhere. */
  private dropToLog(count: number, why: string): void {
    const dropped = this.waiting.splice(0, count);
    this.logger.error({ audit: dropped, count }, `audit rows not written (${why}); here they are`);
  }
}

function setTenant(sql: Sql, tenant: string): Promise<unknown> {
  return sql.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
}
