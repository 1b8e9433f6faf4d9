import { Injectable, type Type } from '@nestjs/common';
import { deadLetterRpc, ops, OpsErrors } from '@tf/contracts';
import { CommonErrors, conflict, DomainError, isUuid, newId, notFound } from '@tf/core';
import type { Logger } from 'pino';
import { hasRole, type RequestContext } from '../context/request-context';
import type { TenantDatabase } from '../database/tenant-database';
import { messageOf } from '../messaging/messages';
import { rpcHandlers } from '../messaging/rpc-handlers';

/** What is kept of a failure: its message, and the head of its stack (enough to find the line). */
export interface FailureRecord {
  error: string;
  errorStack: string;
}

const ERROR_MAX_CHARS = 2_000;
const STACK_LINES = 8;

export function failureRecord(error: unknown): FailureRecord {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && error.stack ? error.stack : '';
  return {
    error: message.slice(0, ERROR_MAX_CHARS),
    errorStack: stack.split('\n').slice(0, STACK_LINES).join('\n').slice(0, ERROR_MAX_CHARS),
  };
}

/** An event to park: what arrived, where, and why its handler gave up. */
export interface NewDeadLetter extends FailureRecord {
  tenant: string;
  consumer: string;
  eventId: string | null;
  eventType: string;
  subject: string;
  envelope: Uint8Array;
  attempts: number;
  firstFailedAt: Date;
}

interface DeadLetterRow {
  id: string;
  tenant_id: string;
  consumer: string;
  event_id: string | null;
  event_type: string;
  subject: string;
  envelope: Buffer;
  error: string;
  error_stack: string;
  attempts: number;
  first_failed_at: Date;
  parked_at: Date;
  replayed_at: Date | null;
}

const COLUMNS = `id, tenant_id, consumer, event_id, event_type, subject, envelope, error, error_stack,
  attempts, first_failed_at, parked_at, replayed_at`;

/**
 * A service's dead letters, in `<schema>.dead_letters`: a platform table like the outbox and the
 * inbox (no row-level security; see the migration for why), written and read only here, each
 * statement in its own short transaction with no center set. The runtime role may insert and
 * update rows, never delete them.
 */
export class DeadLetterStore {
  constructor(
    private readonly db: TenantDatabase,
    readonly service: string,
  ) {}

  private get table(): string {
    return `${this.db.schema}.dead_letters`;
  }

  /**
   * Parks an event. The same event failing again on the same consumer (published twice, or
   * parked before its message could be terminated) stays one letter, with the newest failure.
   */
  async park(letter: NewDeadLetter): Promise<string> {
    const rows = await this.db.transaction(undefined, (sql) =>
      sql.query<{ id: string }>(
        `INSERT INTO ${this.table} (id, tenant_id, consumer, event_id, event_type, subject, envelope,
           error, error_stack, attempts, first_failed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (consumer, event_id) DO UPDATE SET
           envelope = EXCLUDED.envelope, error = EXCLUDED.error, error_stack = EXCLUDED.error_stack,
           attempts = ${this.table}.attempts + EXCLUDED.attempts, parked_at = now(), replayed_at = NULL
         RETURNING id`,
        [
          newId(),
          letter.tenant,
          letter.consumer,
          letter.eventId,
          letter.eventType,
          letter.subject,
          Buffer.from(letter.envelope),
          letter.error,
          letter.errorStack,
          letter.attempts,
          letter.firstFailedAt,
        ],
      ),
    );
    const id = rows[0]?.id;
    if (!id) throw new Error(`parking an event of ${letter.consumer} returned no row`);
    return id;
  }

  /** Newest parked first; those replayed only when asked. */
  async list(request: ops.ListDeadLettersRequest): Promise<ops.DeadLetter[]> {
    const limit = Math.min(200, Math.max(1, request.limit ?? 50));
    const rows = await this.db.transaction(
      undefined,
      (sql) =>
        sql.query<DeadLetterRow>(
          `SELECT ${COLUMNS} FROM ${this.table}
           WHERE ($1::text IS NULL OR tenant_id = $1) AND ($2 OR replayed_at IS NULL)
           ORDER BY parked_at DESC, id DESC LIMIT $3`,
          [request.tenant ?? null, request.includeReplayed === true, limit],
        ),
      { readOnly: true },
    );
    return rows.map((row) => this.message(row));
  }

  async find(id: string): Promise<DeadLetterRow | undefined> {
    if (!isUuid(id)) return undefined;
    const rows = await this.db.transaction(
      undefined,
      (sql) => sql.query<DeadLetterRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1`, [id]),
      { readOnly: true },
    );
    return rows[0];
  }

  /** A replay went through: the letter is kept, marked with when (the first time only). */
  async replayed(id: string): Promise<ops.DeadLetter> {
    return this.update(
      `UPDATE ${this.table} SET replayed_at = COALESCE(replayed_at, now()) WHERE id = $1
       RETURNING ${COLUMNS}`,
      [id],
    );
  }

  /** A replay failed: the letter stays parked, with this failure as its error. */
  async replayFailed(id: string, failure: FailureRecord): Promise<ops.DeadLetter> {
    return this.update(
      `UPDATE ${this.table} SET error = $2, error_stack = $3, attempts = attempts + 1 WHERE id = $1
       RETURNING ${COLUMNS}`,
      [id, failure.error, failure.errorStack],
    );
  }

  private async update(text: string, params: unknown[]): Promise<ops.DeadLetter> {
    const rows = await this.db.transaction(undefined, (sql) =>
      sql.query<DeadLetterRow>(text, params),
    );
    const row = rows[0];
    if (!row) throw notFound(OpsErrors.DEAD_LETTER_NOT_FOUND, `dead letter ${String(params[0])}`);
    return this.message(row);
  }

  message(row: DeadLetterRow): ops.DeadLetter {
    return messageOf(ops.DeadLetterSchema, {
      id: row.id,
      service: this.service,
      tenant: row.tenant_id,
      consumer: row.consumer,
      eventId: row.event_id,
      eventType: row.event_type,
      subject: row.subject,
      error: row.error,
      errorStack: row.error_stack,
      attempts: row.attempts,
      firstFailedAt: row.first_failed_at,
      parkedAt: row.parked_at,
      replayedAt: row.replayed_at,
    });
  }
}

/** What replays a parked event: the consumer it was delivered to (InboxConsumer). */
export interface DeadLetterConsumer {
  readonly durableName: string;
  /** Handles the envelope as a delivery would: one transaction with its inbox row. */
  process(data: Uint8Array): Promise<boolean>;
}

/**
 * The service's answers to ops staff about its dead letters, served on
 * tf.<service>.dead-letter.list and .replay for every service (PlatformModule registers them).
 * A replay hands the parked envelope to the same consumer a delivery would, so it runs the same
 * handlers in a fresh transaction with the inbox row: an event that was processed meanwhile
 * changes nothing the second time.
 */
@Injectable()
export class DeadLetterOps {
  private readonly consumers = new Map<string, DeadLetterConsumer>();

  constructor(
    readonly store: DeadLetterStore,
    private readonly logger: Logger,
  ) {}

  /** The service's consumers, once started: a letter is replayed through the one that parked it. */
  serve(consumers: readonly DeadLetterConsumer[]): void {
    this.consumers.clear();
    for (const consumer of consumers) this.consumers.set(consumer.durableName, consumer);
  }

  list(request: ops.ListDeadLettersRequest): Promise<ops.ListDeadLettersResponse> {
    return this.store
      .list(request)
      .then((items) => messageOf(ops.ListDeadLettersResponseSchema, { items }));
  }

  async replay(id: string): Promise<ops.DeadLetter> {
    const letter = await this.store.find(id);
    if (!letter) throw notFound(OpsErrors.DEAD_LETTER_NOT_FOUND, `dead letter ${id}`);
    const consumer = this.consumers.get(letter.consumer);
    if (!consumer) {
      throw conflict(
        OpsErrors.DEAD_LETTER_CONSUMER_GONE,
        `${this.store.service} no longer handles ${letter.event_type} (consumer ${letter.consumer})`,
      );
    }
    // The logger names the service.
    const where = {
      deadLetter: id,
      consumer: letter.consumer,
      eventType: letter.event_type,
      eventId: letter.event_id,
      tenant: letter.tenant_id,
    };
    try {
      await consumer.process(letter.envelope);
    } catch (error) {
      const failure = failureRecord(error);
      await this.store.replayFailed(id, failure);
      this.logger.warn(
        Object.assign({}, where, { attempts: letter.attempts + 1, error: failure.error }),
        'dead letter replay failed; it stays parked',
      );
      throw new DomainError(
        OpsErrors.DEAD_LETTER_REPLAY_FAILED,
        `the handler failed again: ${failure.error}`,
      );
    }
    const replayed = await this.store.replayed(id);
    this.logger.info(where, 'dead letter replayed');
    return replayed;
  }
}

/**
 * The dead-letter operations of the service named `service`, as an RPC handler provider. The
 * gateway admits platform admins only; the service checks the caller again, as it would any
 * platform-level change.
 */
export function deadLetterHandlers(service: string): Type {
  const contracts = deadLetterRpc(service);
  return rpcHandlers(DeadLetterOps)
    .on(contracts.list, (deadLetters, request, ctx) => {
      assertPlatformAdmin(ctx);
      return deadLetters.list(request);
    })
    .on(contracts.replay, (deadLetters, { id }, ctx) => {
      assertPlatformAdmin(ctx);
      return deadLetters.replay(id);
    });
}

function assertPlatformAdmin(ctx: RequestContext): void {
  if (!hasRole(ctx.actor, 'platform-admin'))
    throw new DomainError(CommonErrors.ROLE_MISSING, 'dead letters are for platform admins');
}
