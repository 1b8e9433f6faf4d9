/**
 * What never reaches a log line (issue 14, hardening): passwords, tokens, API keys, secrets and
 * Authorization or cookie headers, under whatever key and at whatever depth they are logged, and
 * a bearer token, a JWT or an API key (54 base64url characters, tenancy's api-key-secret.ts)
 * written into a message or an error. Redaction runs on every line the platform's logger writes.
 */
export const REDACTED = '[redacted]';

/** Keys whose values are secrets: `password`, `newPassword`, `x-api-key`, `apiKey`, `accessToken`… */
const SECRET_KEY = /password|secret|authorization|cookie|credential|(api[-_]?key|token)$/i;
const BEARER = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g;
const API_KEY = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{54}(?![A-Za-z0-9_-])/g;
/** Deeper than this, a logged value is cut (a log line is not a dump). */
const MAX_DEPTH = 8;

/** A string with any bearer token, JWT or API key in it replaced. */
export function redactText(text: string): string {
  return text.replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED).replace(API_KEY, REDACTED);
}

/** A copy of a value to be logged, its secrets redacted (the value itself is not changed). */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  // An error is serialised by the logger (serializeError), which redacts what it writes.
  if (value instanceof Date || value instanceof Error) return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>))
    copy[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(item, depth + 1);
  return copy;
}
