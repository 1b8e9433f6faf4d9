import { createHash } from 'node:crypto';

/**
 * What makes two requests "the same" for an Idempotency-Key: method, path with query, and the
 * body compared as JSON values (key order and white space do not matter).
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${url}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,255}$/;
export const REPLAY_WINDOW_MS = 24 * 3600 * 1000;

export type StoredAttempt =
  | { state: 'in_flight'; fingerprint: string; createdAt: Date }
  | { state: 'completed'; fingerprint: string; createdAt: Date; status: number; body: unknown };

/** What to do with a request whose key was seen before (API.md "Idempotency-Key"). */
export type Decision =
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'conflict'; reason: 'other-body' | 'in-flight' }
  | { kind: 'expired' };

/**
 * `inFlightLeaseMs`: an attempt still in flight after this was cut off (the gateway crashed, or
 * the database went away before the key was settled); the same request may take the key over.
 * That is safe even if the first attempt is in fact still running: the service's own record of
 * the key (idempotent_commands) runs the command once and replays its reply.
 */
export function decide(
  previous: StoredAttempt,
  fingerprint: string,
  now: Date,
  inFlightLeaseMs: number,
): Decision {
  const age = now.getTime() - previous.createdAt.getTime();
  if (age > REPLAY_WINDOW_MS) return { kind: 'expired' };
  if (previous.fingerprint !== fingerprint) return { kind: 'conflict', reason: 'other-body' };
  if (previous.state === 'in_flight' && age > inFlightLeaseMs) return { kind: 'expired' };
  if (previous.state === 'in_flight') return { kind: 'conflict', reason: 'in-flight' };
  return { kind: 'replay', status: previous.status, body: previous.body };
}
