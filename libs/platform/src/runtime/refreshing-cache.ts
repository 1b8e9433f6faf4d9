import { LRUCache } from 'lru-cache';

/** A value and when the lookup that gave it began. */
interface Looked<V> {
  value: V;
  at: number;
}

/**
 * How far into its TTL a value still in use is looked up again, in the background: under steady
 * traffic no caller waits for a lookup. With values simply expiring, every request that came
 * while the lookup after an expiry was under way waited for it, and each made a lookup of its
 * own: the gateway's API key, expiring every 3 s, made a cluster of requests 50-150 ms late at
 * 600 reads/s, most of a fixed rate's p99 (docs/performance.md, "The API key's cache expiring
 * under load").
 */
const REFRESH_AFTER = 2 / 3;

/**
 * A bounded cache of values that may be at most `ttlMs` old, counted from when the lookup that
 * gave each began (so a change to what is cached takes effect within the TTL). The callers that
 * come during a lookup of a key share it; a key still in use is looked up again in the background
 * before its value expires; a failed lookup is not kept (a failed refresh leaves the value it
 * would have replaced to run out its TTL). A TTL of 0 keeps nothing.
 */
export class RefreshingCache<V> {
  private readonly values: LRUCache<string, Looked<V>> | undefined;
  private readonly lookups = new Map<string, Promise<V>>();
  private readonly now: () => number;

  constructor(
    private readonly ttlMs: number,
    options: { max: number; now?: () => number },
  ) {
    this.values = ttlMs > 0 ? new LRUCache({ max: options.max }) : undefined;
    this.now = options.now ?? (() => performance.now());
  }

  get(key: string, lookup: () => Promise<V>): Promise<V> {
    if (!this.values) return lookup();
    const looked = this.values.get(key);
    const age = looked ? this.now() - looked.at : Infinity;
    if (!looked || age >= this.ttlMs) return this.lookUp(key, lookup);
    if (age >= this.ttlMs * REFRESH_AFTER) this.lookUp(key, lookup).catch(() => undefined);
    return Promise.resolve(looked.value);
  }

  /** A value just read where it is kept (inside a transaction, say), as of now. */
  set(key: string, value: V): void {
    this.values?.set(key, { value, at: this.now() });
  }

  /** The next caller looks the key up again, and a lookup already under way is not kept. */
  delete(key: string): void {
    this.values?.delete(key);
    this.lookups.delete(key);
  }

  private lookUp(key: string, lookup: () => Promise<V>): Promise<V> {
    const pending = this.lookups.get(key);
    if (pending) return pending;
    const at = this.now();
    const looking: Promise<V> = lookup()
      .then((value) => {
        if (this.lookups.get(key) === looking) this.values?.set(key, { value, at });
        return value;
      })
      .finally(() => {
        if (this.lookups.get(key) === looking) this.lookups.delete(key);
      });
    this.lookups.set(key, looking);
    return looking;
  }
}
