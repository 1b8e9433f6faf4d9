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
import { auditEntryOf, isAudited, keepAnswerForAudit, type AuditEntry } from './audit-record';
import {
  AUDIT_BATCH_ROWS,
  AUDIT_FLUSH_INTERVAL_MS,
  AUDIT_INSERT_SQL,
  auditColumnsOf,
} from './audit-sql';

/** While PostgreSQL cannot take them, rows wait here; beyond this the oldest go to the log instead. */
const MAX_WAITING_ROWS = 20_000;

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
    http.addHook('preSerialization', (request, _reply, payload, done) => {
      keepAnswerForAudit(request, payload);
      done(null, payload);
    });
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
        await sql.execute(AUDIT_INSERT_SQL, auditColumnsOf(rows), { prepared: true });
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
