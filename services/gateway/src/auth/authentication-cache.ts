import { DomainError } from '@tf/platform';
import { LRUCache } from 'lru-cache';

/** An answer of a lookup (the principal, or its 401) and when the lookup that gave it began. */
interface Checked<T> {
  answer: T | DomainError;
  at: number;
}

/**
 * A key in use is looked up again in the background once its answer is this far into its TTL,
 * so that under steady traffic no request waits for the lookup. With the answers simply expiring,
 * every request that came while the lookup after an expiry was under way waited for it, and each
 * made a lookup of its own: at 600 reads/s every 3 s a cluster of requests 50-150 ms late, most of
 * a fixed rate's p99 (docs/performance.md, "The API key's cache expiring under load").
 */
const REFRESH_AFTER = 2 / 3;

/**
 * Answers of an authentication lookup (an API key, a staff session), kept for at most `ttlMs`
 * from when the lookup began: the success, or its 401, so a client repeating a bad credential
 * costs one lookup per window. The TTL bounds how late a revocation takes effect; 0 keeps
 * nothing. Lookups of one key are shared by the requests that wait for them, and a key still in
 * use is looked up again before its answer expires.
 */
export class AuthenticationCache<T extends object> {
  private readonly answers: LRUCache<string, Checked<T>> | undefined;
  private readonly lookups = new Map<string, Promise<Checked<T>>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.answers = ttlMs > 0 ? new LRUCache({ max: 10_000 }) : undefined;
  }

  async resolve(key: string, lookup: () => Promise<T>): Promise<T> {
    if (!this.answers) return lookup();
    const checked = this.answers.get(key);
    const age = checked ? this.now() - checked.at : Infinity;
    if (!checked || age >= this.ttlMs) return answerOf(await this.lookUp(key, lookup));
    // A failed refresh leaves the answer it would have replaced to run out its TTL.
    if (age >= this.ttlMs * REFRESH_AFTER) this.lookUp(key, lookup).catch(() => undefined);
    return answerOf(checked);
  }

  /** The next request looks the key up again, and a lookup already under way is not kept. */
  forget(key: string): void {
    this.answers?.delete(key);
    this.lookups.delete(key);
  }

  private lookUp(key: string, lookup: () => Promise<T>): Promise<Checked<T>> {
    const pending = this.lookups.get(key);
    if (pending) return pending;
    const at = this.now();
    const looked: Promise<Checked<T>> = lookup()
      .then(
        (answer) => ({ answer, at }),
        (error: unknown) => {
          // A refusal is an answer; a lookup that failed (tenancy away) is not kept.
          if (error instanceof DomainError && error.status === 401) return { answer: error, at };
          throw error;
        },
      )
      .then((answer) => {
        if (this.lookups.get(key) === looked) this.answers?.set(key, answer);
        return answer;
      })
      .finally(() => {
        if (this.lookups.get(key) === looked) this.lookups.delete(key);
      });
    this.lookups.set(key, looked);
    return looked;
  }
}

function answerOf<T>(checked: Checked<T>): T {
  if (checked.answer instanceof DomainError) throw checked.answer;
  return checked.answer;
}
