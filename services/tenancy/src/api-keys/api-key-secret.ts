import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys are 40 random bytes, base64url (54 characters), shown once. Only a SHA-256 hash is
 * stored (enough for a high-entropy secret) with the first 8 characters in clear to find the row.
 */
export const API_KEY_PREFIX_LENGTH = 8;

export interface NewApiKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): NewApiKey {
  const key = randomBytes(40).toString('base64url');
  return { key, prefix: apiKeyPrefix(key), hash: hashApiKey(key) };
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX_LENGTH);
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented key with a stored hash. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
