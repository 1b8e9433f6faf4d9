import { DomainError, RefreshingCache } from '@tf/platform';

/**
 * Answers of an authentication lookup (an API key, a staff session), kept for at most `ttlMs`
 * from when the lookup began: the success, or its 401, so a client repeating a bad credential
 * costs one lookup per window. The TTL bounds how late a revocation takes effect; 0 keeps
 * nothing. The requests that come during a lookup share it, and a key in use is looked up again
 * in the background before its answer expires (RefreshingCache), so no request waits for it.
 */
export class AuthenticationCache<T extends object> {
  private readonly answers: RefreshingCache<T | DomainError>;

  constructor(ttlMs: number, now?: () => number) {
    this.answers = new RefreshingCache(ttlMs, { max: 10_000, now });
  }

  async resolve(key: string, lookup: () => Promise<T>): Promise<T> {
    const answer = await this.answers.get(key, () =>
      lookup().catch((error: unknown) => {
        // A refusal is an answer; a lookup that failed (tenancy away) is not kept.
        if (error instanceof DomainError && error.status === 401) return error;
        throw error;
      }),
    );
    if (answer instanceof DomainError) throw answer;
    return answer;
  }

  /** After a logout through this gateway: the next request looks the session up again. */
  forget(key: string): void {
    this.answers.delete(key);
  }
}
