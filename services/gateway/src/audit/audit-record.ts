import { newId } from '@tf/platform';
import { principalOf } from '../auth/principal';
import { pathOf, type HttpReply, type HttpRequest } from '../http/http-types';
import { requestIdOf } from '../http/request-id';

/** The tenant of calls that act in no center; TENANT_CODE starts with a letter, so no center has it. */
export const PLATFORM_TENANT = '_platform';

/** The one read that is recorded too: who looked at the trail is itself worth knowing. */
export const AUDIT_ROUTE = '/api/v1/audit';

const API = '/api/v1/';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LOGIN_ROUTE = '/api/v1/auth/token';

/** Bounds on what a client's text may put in a row (a path, an id, a username it tried). */
const MAX_PATH = 512;
const MAX_ID = 128;
const MAX_NAME = 64;
/** Answers larger than this are not parsed for a created id or a problem type (none is). */
const MAX_PARSED_ANSWER = 64 * 1024;

export type ActorKind = 'user' | 'partner' | 'anonymous';

/** One row of gateway.audit_log. */
export interface AuditEntry {
  id: string;
  tenant: string;
  occurredAt: Date;
  actorKind: ActorKind;
  actorId: string | null;
  actorName: string | null;
  apiKeyId: string | null;
  actorRoles: string[];
  method: string;
  route: string | null;
  path: string;
  targetId: string | null;
  status: number;
  problemType: string | null;
  requestId: string;
  clientAddress: string;
  durationMs: number;
}

/** What a handler knows that the request does not say: who just logged in, and as which session. */
export interface AuditNote {
  actor?: { id: string; name: string; roles: string[] };
  tenant?: string;
  targetId?: string;
}

const NOTE = Symbol('tf:audit-note');

export function noteForAudit(request: HttpRequest, note: AuditNote): void {
  (request as unknown as Record<symbol, AuditNote>)[NOTE] = note;
}

function noteOf(request: HttpRequest): AuditNote | undefined {
  return (request as unknown as Record<symbol, AuditNote | undefined>)[NOTE];
}

/** Writes through the API, refused or not, and reads of the trail itself. */
export function isAudited(request: HttpRequest): boolean {
  if (WRITES.has(request.method)) return request.url.startsWith(API);
  return request.method === 'GET' && request.routeOptions.url === AUDIT_ROUTE;
}

/** Fastify's '/api/v1/guarantees/:id/approve' as the API documents it: '/api/v1/guarantees/{id}/approve'. */
export function routeTemplate(url: string | undefined): string | null {
  return url ? url.replace(/:([A-Za-z0-9_]+)/g, '{$1}') : null;
}

/** The object a call is about: the path's id (`:id`, or its last parameter: `:offerId`, `:code`). */
export function pathTarget(params: unknown): string | null {
  if (!params || typeof params !== 'object') return null;
  const values = params as Record<string, unknown>;
  const value = values['id'] ?? Object.values(values).at(-1);
  return typeof value === 'string' && value !== '' ? bounded(value, MAX_ID) : null;
}

const ANSWER = Symbol('tf:audit-answer');

/**
 * Keeps a route's answer as the handler returned it, before Fastify serialises it (its
 * preSerialization hook), so that the audit row reads the created id from the object instead of
 * parsing the JSON just written. Problems are sent already serialised and are read from the text.
 */
export function keepAnswerForAudit(request: HttpRequest, answer: unknown): void {
  if (isAudited(request)) (request as unknown as Record<symbol, unknown>)[ANSWER] = answer;
}

function answerOf(request: HttpRequest): unknown {
  return (request as unknown as Record<symbol, unknown>)[ANSWER];
}

/**
 * What an answer says that the request did not: the created object's id (a 2xx without a path
 * id), or a refusal's problem type. The answer is the handler's object when it was kept, else its
 * text; only small JSON texts are parsed, and only in these two cases.
 */
export function answerFacts(
  status: number,
  payload: unknown,
): { createdId?: string; problemType?: string } {
  const body = typeof payload === 'string' ? parsedObject(payload) : payload;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const fields = body as Record<string, unknown>;
  if (status >= 400)
    return typeof fields['type'] === 'string'
      ? { problemType: bounded(fields['type'], MAX_PATH) }
      : {};
  return typeof fields['id'] === 'string' ? { createdId: bounded(fields['id'], MAX_ID) } : {};
}

function parsedObject(text: string): unknown {
  if (text.length > MAX_PARSED_ANSWER || text[0] !== '{') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The row of an answered request, from what the gateway already holds: the principal the
 * AuthGuard set (before it authorised, so a refused caller is named too), the route Fastify
 * matched, the status, and the answer's id or problem type.
 */
export function auditEntryOf(request: HttpRequest, reply: HttpReply, payload: unknown): AuditEntry {
  const status = reply.statusCode;
  const principal = principalOf(request);
  const note = noteOf(request);
  const route = routeTemplate(request.routeOptions.url);
  let target = note?.targetId ?? pathTarget(request.params);
  let problemType: string | null = null;
  if (status >= 400 || (target === null && status < 300 && request.method === 'POST')) {
    const facts = answerFacts(status, answerOf(request) ?? payload);
    problemType = facts.problemType ?? null;
    target ??= facts.createdId ?? null;
  }
  const entry: AuditEntry = {
    id: newId(),
    tenant: note?.tenant ?? principal?.tenant ?? PLATFORM_TENANT,
    occurredAt: new Date(),
    actorKind: 'anonymous',
    actorId: null,
    actorName: null,
    apiKeyId: null,
    actorRoles: [],
    method: request.method,
    route,
    path: bounded(pathOf(request), MAX_PATH),
    targetId: target,
    status,
    problemType,
    requestId: bounded(requestIdOf(request), MAX_ID),
    clientAddress: bounded(request.ip ?? 'unknown', MAX_ID),
    durationMs: Math.round(reply.elapsedTime * 100) / 100,
  };
  const actor = principal?.actor;
  if (note?.actor) {
    Object.assign(entry, {
      actorKind: 'user',
      actorId: note.actor.id,
      actorName: note.actor.name,
      actorRoles: note.actor.roles,
    });
  } else if (actor?.kind === 'user') {
    Object.assign(entry, {
      actorKind: 'user',
      actorId: actor.id,
      actorName: principal?.username ?? null,
      actorRoles: [...actor.roles],
    });
  } else if (actor?.kind === 'partner') {
    Object.assign(entry, {
      actorKind: 'partner',
      actorId: actor.id,
      apiKeyId: actor.apiKeyId,
      actorRoles: [actor.partnerKind],
    });
  } else if (route === LOGIN_ROUTE) {
    // A refused login: the username it tried (never the password) is who tried.
    const tried = (request.body as { username?: unknown } | undefined)?.username;
    if (typeof tried === 'string') entry.actorName = bounded(tried, MAX_NAME);
  }
  return entry;
}

/** At most `max` characters, without NUL (PostgreSQL's text cannot hold it, and it would fail the batch). */
function bounded(text: string, max: number): string {
  const clean = text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
  return clean.length > max ? clean.slice(0, max) : clean;
}
