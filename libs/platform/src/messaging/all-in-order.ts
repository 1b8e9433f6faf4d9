/**
 * Awaits calls made in parallel (to other services, say) and, when some fail, throws the failure
 * of the first one in the order given, not the first to arrive. Promise.all would report
 * whichever failed soonest, so the same bad request could be answered 404 one time and 422 the
 * next; here a request always gets the same answer, and the order states which check comes first.
 */
export async function allInOrder<T extends readonly unknown[]>(calls: {
  readonly [K in keyof T]: Promise<T[K]> | T[K];
}): Promise<T> {
  const settled = await Promise.allSettled(calls as readonly unknown[]);
  const values: unknown[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'rejected') throw outcome.reason;
    values.push(outcome.value);
  }
  return values as unknown as T;
}
