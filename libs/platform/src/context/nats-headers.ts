import { headers as natsHeaders, type MsgHdrs } from 'nats';
import { ROLES, type Role } from '@tf/contracts/vocabulary';
import type { Actor, RequestContext } from './request-context';

/** Header names carried on every NATS request and reply (ARCHITECTURE.md "Contracts and messaging"). */
export const HEADER = {
  tenant: 'tf-tenant',
  actor: 'tf-actor',
  requestId: 'tf-request-id',
  idempotencyKey: 'idempotency-key',
} as const;

/** An actor's header, written once per actor object (the gateway reuses one per cached key). */
const actorHeaders = new WeakMap<Actor, string>();

function actorHeader(actor: Actor): string {
  let json = actorHeaders.get(actor);
  if (json === undefined) {
    json = JSON.stringify(actor);
    actorHeaders.set(actor, json);
  }
  return json;
}

/**
 * The headers of a request. `append`, not `set`, on fresh headers, and `get` alone when reading:
 * nats.js scans every key of the message for each `set`, `has` and `get`.
 */
export function contextToHeaders(ctx: RequestContext): MsgHdrs {
  const h = natsHeaders();
  h.append(HEADER.requestId, ctx.requestId);
  if (ctx.tenant) h.append(HEADER.tenant, ctx.tenant);
  if (ctx.actor) h.append(HEADER.actor, actorHeader(ctx.actor));
  if (ctx.idempotencyKey) h.append(HEADER.idempotencyKey, ctx.idempotencyKey);
  return h;
}

/**
 * The request context a message carries. `newRequestId` names a request that came without an id;
 * callers on the network always send one, so it is called only then (a uuid per message was 2 %
 * of a service's CPU on a read).
 */
export function contextFromHeaders(
  h: MsgHdrs | undefined,
  newRequestId: () => string,
): RequestContext {
  const get = (name: string) => h?.get(name) || undefined;
  return {
    requestId: get(HEADER.requestId) ?? newRequestId(),
    tenant: get(HEADER.tenant),
    actor: actorOf(get(HEADER.actor)),
    idempotencyKey: get(HEADER.idempotencyKey),
  };
}

/**
 * Actors already read, by their header. A service sees the same few headers over and over (the
 * gateway writes one per API key or staff session), and parsing one was 1 % of a service's CPU on
 * a read (docs/performance.md). Each is frozen, since every request with that header shares it.
 * Bounded: past ACTOR_CACHE_SIZE distinct headers it starts again, so a flood of callers costs
 * a parse each, never memory.
 */
const actors = new Map<string, Actor | undefined>();
export const ACTOR_CACHE_SIZE = 1000;

function actorOf(raw: string | undefined): Actor | undefined {
  if (!raw) return undefined;
  if (actors.has(raw)) return actors.get(raw);
  if (actors.size >= ACTOR_CACHE_SIZE) actors.clear();
  const actor = parseActor(raw);
  actors.set(raw, actor && deepFreeze(actor));
  return actor;
}

function deepFreeze<T extends object>(value: T): T {
  for (const item of Object.values(value)) if (Array.isArray(item)) Object.freeze(item);
  return Object.freeze(value);
}

/** The actor header is trusted (only the gateway and services talk on NATS) but still shape-checked. */
function parseActor(raw: string | undefined): Actor | undefined {
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['id'] !== 'string') return undefined;
  const strings = (x: unknown) =>
    Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
  switch (v['kind']) {
    case 'user':
      return {
        kind: 'user',
        id: v['id'],
        roles: strings(v['roles']).filter((r): r is Role =>
          (ROLES as readonly string[]).includes(r),
        ),
      };
    case 'partner':
      return {
        kind: 'partner',
        id: v['id'],
        apiKeyId: String(v['apiKeyId'] ?? ''),
        partnerKind: String(v['partnerKind'] ?? ''),
        scopes: strings(v['scopes']),
        ...(typeof v['enterpriseId'] === 'string' ? { enterpriseId: v['enterpriseId'] } : {}),
      };
    case 'system':
      return { kind: 'system', id: v['id'] };
    default:
      return undefined;
  }
}
