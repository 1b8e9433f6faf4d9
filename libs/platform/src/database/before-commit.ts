/**
 * Values a transaction's work builds up and writes once, after the rest of the work and before
 * COMMIT (TenantWrites.gather). The inbox handles a lot of events in one transaction; a read model
 * that every one of them moves (a center's statistics row) gathers the lot's moves and writes its
 * row once, rather than once per event.
 */
export class BeforeCommit {
  private readonly gathered = new Map<object, { value: unknown; write: () => Promise<void> }>();

  /** The value under `key` in this transaction, made by `start` on first use. */
  gather<T>(key: object, start: () => T, write: (value: T) => Promise<void>): T {
    const known = this.gathered.get(key);
    if (known) return known.value as T;
    const value = start();
    this.gathered.set(key, { value, write: () => write(value) });
    return value;
  }

  /** Writes what was gathered, in the order it was first gathered; each once. */
  async run(): Promise<void> {
    for (const [key, { write }] of this.gathered) {
      this.gathered.delete(key);
      await write();
    }
  }
}
