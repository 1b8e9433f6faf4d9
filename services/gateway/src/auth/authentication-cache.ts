import { DomainError } from '@tf/platform';
import { LRUCache } from 'lru-cache';

/**
 * Answers of an authentication lookup (an API key, a staff session), kept for at most `ttlMs`:
 * the success, or its 401, so a client repeating a bad credential costs one lookup per window.
 * The TTL bounds how late a revocation takes effect; 0 keeps nothing.
 */
export class AuthenticationCache<T extends object> {
  private readonly answers: LRUCache<string, T | DomainError> | undefined;

  constructor(ttlMs: number) {
    this.answers = ttlMs > 0 ? new LRUCache({ max: 10_000, ttl: ttlMs }) : undefined;
  }

  async resolve(key: string, lookup: () => Promise<T>): Promise<T> {
    const cached = this.answers?.get(key);
    if (cached instanceof DomainError) throw cached;
    if (cached) return cached;
    try {
      const answer = await lookup();
      this.answers?.set(key, answer);
      return answer;
    } catch (error) {
      if (error instanceof DomainError && error.status === 401) this.answers?.set(key, error);
      throw error;
    }
  }

  forget(key: string): void {
    this.answers?.delete(key);
  }
}
