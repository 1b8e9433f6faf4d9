import type { RpcContract } from '@tf/contracts';
import type { RequestContext } from '../context/request-context';
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
  read<T>(work: (tx: TenantReads) => Promise<T>): Promise<T>;
  unitOfWork<T>(work: (tx: TenantWrites) => Promise<T>): Promise<T>;
}

/** The same for platform-level operations (logins, centers): no center, platform tables only. */
export interface PlatformContext extends RequestContext {
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
): HandlerContext {
  let opened = false;
  return {
    ...request,
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
          await storeCommandReply(sql, db.schema, command, bytes);
          written.reply = { result, bytes };
        }
        return result;
      });
    },
  };
}

export function platformHandlerContext(
  db: TenantDatabase,
  request: RequestContext,
): PlatformContext {
  return {
    ...request,
    read: (work) => db.platformWork(request, work),
    unitOfWork: (work) => db.platformWork(request, work),
  };
}
