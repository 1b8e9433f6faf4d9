import type { Logger } from 'pino';

/**
 * A context's `log`, made on its first line: most requests and events log nothing. The getter is
 * on this class, shared by every context, not an accessor defined on each one: a fresh accessor
 * gives each context a hidden class of its own, which V8 allocates in the old generation, and the
 * request's objects its getter holds then lived through the scavenges with it. That alone was
 * half of what a service's read left to the next mark-compact (docs/performance.md, "What
 * survives the scavenges"). Not an own property, so a context spread into another does not
 * carry it.
 */
class LazyLog {
  readonly #make: () => Logger;
  #log: Logger | undefined;

  constructor(make: () => Logger) {
    this.#make = make;
  }

  get log(): Logger {
    return (this.#log ??= this.#make());
  }
}

/** `ctx` with a `log` made by `make` on first use. */
export function withLazyLog<C extends { readonly log: Logger }>(
  ctx: Omit<C, 'log'>,
  make: () => Logger,
): C {
  return Object.assign(new LazyLog(make), ctx) as unknown as C;
}
