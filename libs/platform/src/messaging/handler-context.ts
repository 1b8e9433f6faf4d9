import type { RpcContract } from '@tf/contracts';
import type { Logger } from 'pino';
import { logFields, type RequestContext } from '../context/request-context';
import { withLazyLog } from '../logging/lazy-log';
import type {
  PlatformReads,
  PlatformWrites,
  TenantDatabase,
  TenantReads,
  TenantWrites,
} from '../database/tenant-database';
import { claimCommand, storeCommandReply, type CommandKey } from './idempotent-commands';

/**
 * What a handler of a center's operation gets: who asks, for which center, and two ways to the
 * database. A handler is not a transaction: it reads (`read`, a short read-only transaction) and
 * calls other services first, holding no pooled connection meanwhile, then writes everything in
 * one `unitOfWork`. A command's unit of work returns the command's reply: with an
 * Idempotency-Key, that reply is stored in the same transaction.
 */
export interface HandlerContext extends RequestContext {
  readonly tenant: string;
  /** The service's logger, every line of it carrying this request's id, center, caller and subject. */
  readonly log: Logger;
  read<T>(work: (tx: TenantReads) => Promise<T>): Promise<T>;
  unitOfWork<T>(work: (tx: TenantWrites) => Promise<T>): Promise<T>;
}

/** The same for platform-level operations (logins, centers): no center, platform tables only. */
export interface PlatformContext extends RequestContext {
  /** The service's logger, every line of it carrying this request's id, caller and subject. */
  readonly log: Logger;
  read<T>(work: (tx: PlatformReads) => Promise<T>): Promise<T>;
  unitOfWork<T>(work: (tx: PlatformWrites) => Promise<T>): Promise<T>;
}

/** Thrown inside a unit of work whose key another attempt already answered: its reply goes back. */
export class StoredReply {
  constructor(readonly bytes: Uint8Array) {}
}

/** What a tenant handler's unit of work left for the interceptor: the reply it stored, if any. */
export interface WrittenReply {
  result: unknown;
  bytes: Uint8Array;
}

export function tenantHandlerContext(
  db: TenantDatabase,
  contract: RpcContract,
  request: RequestContext & { tenant: string },
  command: CommandKey | null,
  encode: (result: unknown) => Uint8Array,
  written: { reply?: WrittenReply },
  logger: Logger,
): HandlerContext {
  let opened = false;
  return withRequestLog<HandlerContext>(logger, request, contract.subject, {
    read: (work) => db.read(request, work),
    unitOfWork: (work) => {
      if (opened) {
        throw new Error(`${contract.subject}: a handler writes in one unit of work, not two`);
      }
      opened = true;
      return db.transaction(request.tenant, async (sql) => {
        if (command) {
          const claim = await claimCommand(sql, db.schema, command);
          if (claim.kind === 'replay') throw new StoredReply(claim.reply);
        }
        const result = await work(db.tenantWrites(sql, request));
        if (command) {
          const bytes = encode(result);
          storeCommandReply(sql, db.schema, command, bytes);
          written.reply = { result, bytes };
        }
        return result;
      });
    },
  });
}

export function platformHandlerContext(
  db: TenantDatabase,
  contract: RpcContract,
  request: RequestContext,
  logger: Logger,
): PlatformContext {
  return withRequestLog<PlatformContext>(logger, request, contract.subject, {
    read: (work) => db.platformWork(request, work),
    unitOfWork: (work) => db.platformWork(request, work),
  });
}

/**
 * A logger whose lines carry the request's id, center and caller, and the subject it came on.
 * Passed with the context rather than read from an AsyncLocalStorage (docs/performance.md: its
 * promise hooks cost about a fifth of a request's CPU on Node 20).
 */
export function requestLogger(logger: Logger, request: RequestContext, subject: string): Logger {
  return logger.child(Object.assign(logFields(request), { subject }));
}

/**
 * The request's fields and `ops`, with the request's logger as `log`, made on the handler's
 * first line.
 */
function withRequestLog<C extends RequestContext & { readonly log: Logger }>(
  logger: Logger,
  request: RequestContext,
  subject: string,
  ops: Omit<C, 'log' | keyof RequestContext>,
): C {
  const ctx = Object.assign({}, request, ops) as Omit<C, 'log'>;
  return withLazyLog<C>(ctx, () => requestLogger(logger, request, subject));
}
