import type { DescMessage } from '@bufbuild/protobuf';

/**
 * A request-reply operation: its NATS subject (tf.<service>.<resource>.<verb>) and the protobuf
 * schemas of what goes in and what comes back. Client and handler both take the contract, so the
 * two ends cannot disagree on a subject or a message type.
 */
export type RpcScope = 'tenant' | 'platform';

export interface RpcContract<
  Req extends DescMessage = DescMessage,
  Res extends DescMessage = DescMessage,
  Scope extends RpcScope = RpcScope,
> {
  readonly subject: string;
  readonly request: Req;
  readonly response: Res;
  /** 'tenant': runs inside the caller's tenant (refused without one); 'platform': before or across tenants. */
  readonly scope: Scope;
  /**
   * 'command' changes state: it carries the client's Idempotency-Key, and the handling service
   * records the key with its reply in the same transaction, so a retry after a timeout gets the
   * first reply instead of a second write. 'query' only reads: no key travels with it.
   */
  readonly kind: 'command' | 'query';
  /**
   * How long a caller waits for the reply, when the operation is known to take longer than the
   * callers' default (a batch over a whole book): it overrides NATS_REQUEST_TIMEOUT_MS.
   */
  readonly timeoutMs?: number;
}

/** Declares operations of one kind: `command(subject, request, response, scope?)`. */
function operations(kind: RpcContract['kind']) {
  return <Req extends DescMessage, Res extends DescMessage, Scope extends RpcScope = 'tenant'>(
    subject: string,
    request: Req,
    response: Res,
    scope: Scope = 'tenant' as Scope,
  ): RpcContract<Req, Res, Scope> => {
    if (!/^tf\.[a-z]+\.[a-z-]+\.[a-z-]+$/.test(subject)) {
      throw new Error(`subject "${subject}" is not tf.<service>.<resource>.<verb>`);
    }
    return { subject, request, response, scope, kind };
  };
}

/** A request that changes state (see RpcContract.kind). */
export const command = operations('command');

/** A request that only reads. */
export const query = operations('query');

/** The same operation, with a longer wait for its reply (see RpcContract.timeoutMs). */
export function slow<C extends RpcContract>(contract: C, timeoutMs: number): C {
  return Object.assign({}, contract, { timeoutMs });
}

/**
 * A domain event: past-tense type, the service that raises it and its payload schema.
 * Published on tf.events.<tenant>.<service>.<type>.
 */
export interface EventContract<Payload extends DescMessage = DescMessage> {
  readonly service: string;
  readonly type: string;
  readonly payload: Payload;
}

export function event<Payload extends DescMessage>(
  service: string,
  type: string,
  payload: Payload,
): EventContract<Payload> {
  return { service, type, payload };
}

export const EVENTS_STREAM = 'TF_EVENTS';
export const EVENTS_SUBJECT_ROOT = 'tf.events';

export function eventSubject(
  tenant: string,
  contract: Pick<EventContract, 'service' | 'type'>,
): string {
  return `${EVENTS_SUBJECT_ROOT}.${tenant}.${contract.service}.${contract.type}`;
}

/**
 * A service's section of a center's policy (ARCHITECTURE.md: "each domain service owns,
 * validates and stores its section"). GET /tenants/{code}/policy answers `{ [name]: … }` from
 * every section's `get`; PATCH sends each section to its `update`, whose request is
 * `{ values, fields, dryRun }`.
 */
export interface PolicySection<
  Policy extends DescMessage = DescMessage,
  Update extends DescMessage = DescMessage,
> {
  readonly name: string;
  readonly schema: Policy;
  readonly get: RpcContract<DescMessage, Policy, 'tenant'>;
  readonly update: RpcContract<Update, Policy, 'tenant'>;
}

export function policySection<Policy extends DescMessage, Update extends DescMessage>(
  name: string,
  get: RpcContract<DescMessage, Policy, 'tenant'>,
  update: RpcContract<Update, Policy, 'tenant'>,
): PolicySection<Policy, Update> {
  return { name, schema: get.response, get, update };
}
