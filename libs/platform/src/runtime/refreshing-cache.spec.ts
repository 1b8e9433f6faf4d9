import { RefreshingCache } from './refreshing-cache';

const TTL = 3_000;

/** Lookups answered by the test, one promise per call, and the clock the cache reads. */
function harness() {
  let clock = 0;
  const calls: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  const lookup = jest.fn(
    () => new Promise<string>((resolve, reject) => calls.push({ resolve, reject })),
  );
  const cache = new RefreshingCache<string>(TTL, { max: 10, now: () => clock });
  return {
    cache,
    lookup,
    calls,
    at: (ms: number) => (clock = ms),
    get: () => cache.get('key', lookup),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** The harness with a first value, v1, looked up at 0. */
async function withFirstValue() {
  const h = harness();
  const first = h.get();
  h.calls[0]!.resolve('v1');
  await first;
  return h;
}

describe('RefreshingCache', () => {
  it('shares one lookup among the callers that come while it is under way', async () => {
    const { lookup, calls, get } = harness();
    const waiting = Array.from({ length: 30 }, get);
    expect(lookup).toHaveBeenCalledTimes(1);
    calls[0]!.resolve('v1');
    await expect(Promise.all(waiting)).resolves.toEqual(Array(30).fill('v1'));
  });

  it('answers from the cache, and looks a key in use up again in the background before its TTL', async () => {
    const { lookup, calls, get, at } = await withFirstValue();
    at(1_999);
    await expect(get()).resolves.toBe('v1');
    expect(lookup).toHaveBeenCalledTimes(1);
    at(2_000); // two thirds of the TTL: looked up behind the answer, which does not wait
    await expect(get()).resolves.toBe('v1');
    await expect(get()).resolves.toBe('v1');
    expect(lookup).toHaveBeenCalledTimes(2);
    calls[1]!.resolve('v2');
    await flush();
    at(4_999); // v2 is as old as its lookup, begun at 2,000
    await expect(get()).resolves.toBe('v2');
    expect(lookup).toHaveBeenCalledTimes(3);
  });

  it('makes a caller wait for a new lookup once the value is as old as the TTL', async () => {
    const { lookup, calls, get, at } = await withFirstValue();
    at(3_000);
    let answered: unknown;
    const late = get().then((value) => (answered = value));
    await flush();
    expect(answered).toBeUndefined();
    expect(lookup).toHaveBeenCalledTimes(2);
    calls[1]!.resolve('v2');
    await late;
    expect(answered).toBe('v2');
  });

  it('keeps the value to its TTL when a refresh fails, and keeps no failure', async () => {
    const { lookup, calls, get, at } = await withFirstValue();
    at(2_500);
    await get();
    calls[1]!.reject(new Error('database away'));
    await flush();
    await expect(get()).resolves.toBe('v1'); // and a new refresh starts
    calls[2]!.reject(new Error('database away'));
    await flush();
    at(3_000);
    const expired = get();
    calls[3]!.reject(new Error('database away'));
    await expect(expired).rejects.toThrow('database away');
    expect(lookup).toHaveBeenCalledTimes(4);
  });

  it('after delete, looks the key up again, and a lookup begun before is not kept', async () => {
    const { cache, lookup, calls, get, at } = await withFirstValue();
    at(2_500);
    await get(); // a refresh under way when the key is deleted
    cache.delete('key');
    calls[1]!.resolve('before the change');
    await flush();
    const after = get();
    expect(lookup).toHaveBeenCalledTimes(3);
    calls[2]!.resolve('after the change');
    await expect(after).resolves.toBe('after the change');
  });

  it('keeps a value set by hand for the TTL from when it was set', async () => {
    const { cache, lookup, get, at } = harness();
    at(1_000);
    cache.set('key', 'read in a transaction');
    at(2_999);
    await expect(get()).resolves.toBe('read in a transaction');
    expect(lookup).not.toHaveBeenCalled();
  });

  it('keeps nothing with a TTL of 0', async () => {
    const lookup = jest.fn(async () => 'v');
    const cache = new RefreshingCache<string>(0, { max: 10 });
    cache.set('key', 'ignored');
    await cache.get('key', lookup);
    await cache.get('key', lookup);
    expect(lookup).toHaveBeenCalledTimes(2);
  });
});
