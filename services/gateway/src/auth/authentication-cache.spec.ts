import { CommonErrors, DomainError } from '@tf/platform';
import { AuthenticationCache } from './authentication-cache';

const TTL = 3_000;

/** A lookup answered by the test, one promise per call, and the clock it reads. */
function harness() {
  let clock = 0;
  const calls: { resolve: (value: { id: string }) => void; reject: (error: Error) => void }[] = [];
  const lookup = jest.fn(
    () => new Promise<{ id: string }>((resolve, reject) => calls.push({ resolve, reject })),
  );
  const cache = new AuthenticationCache<{ id: string }>(TTL, () => clock);
  return {
    cache,
    lookup,
    calls,
    at: (ms: number) => (clock = ms),
    resolve: () => cache.resolve('key', lookup),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const refused = () => new DomainError(CommonErrors.INVALID_API_KEY, 'not valid');

describe('AuthenticationCache', () => {
  it('shares one lookup among the requests that come while it is under way', async () => {
    const { lookup, calls, resolve } = harness();
    const waiting = Array.from({ length: 30 }, resolve);
    expect(lookup).toHaveBeenCalledTimes(1);
    calls[0]!.resolve({ id: 'p1' });
    await expect(Promise.all(waiting)).resolves.toEqual(Array(30).fill({ id: 'p1' }));
  });

  it('answers from the cache, and looks a key in use up again in the background before its TTL', async () => {
    const { lookup, calls, resolve, at } = harness();
    const first = resolve();
    calls[0]!.resolve({ id: 'p1' });
    await first;
    at(1_999);
    await expect(resolve()).resolves.toEqual({ id: 'p1' });
    expect(lookup).toHaveBeenCalledTimes(1);
    at(2_000); // two thirds of the TTL: refreshed behind the answer, which does not wait
    await expect(resolve()).resolves.toEqual({ id: 'p1' });
    await expect(resolve()).resolves.toEqual({ id: 'p1' });
    expect(lookup).toHaveBeenCalledTimes(2);
    calls[1]!.resolve({ id: 'p2' });
    await flush();
    at(4_999); // the refreshed answer is as old as its lookup, begun at 2,000
    await expect(resolve()).resolves.toEqual({ id: 'p2' });
    expect(lookup).toHaveBeenCalledTimes(3);
  });

  it('makes a request wait for a new lookup once the answer is as old as the TTL', async () => {
    const { lookup, calls, resolve, at } = harness();
    const first = resolve();
    calls[0]!.resolve({ id: 'p1' });
    await first;
    at(3_000);
    let answered: unknown;
    const late = resolve().then((principal) => (answered = principal));
    await flush();
    expect(answered).toBeUndefined();
    expect(lookup).toHaveBeenCalledTimes(2);
    calls[1]!.resolve({ id: 'p2' });
    await late;
    expect(answered).toEqual({ id: 'p2' });
  });

  it('keeps a 401 for the TTL, and a revoked key is refused once a refresh has seen it', async () => {
    const { lookup, calls, resolve, at } = harness();
    const first = resolve();
    calls[0]!.resolve({ id: 'p1' });
    await first;
    at(2_500);
    await resolve(); // the refresh starts
    calls[1]!.reject(refused()); // revoked meanwhile
    await flush();
    await expect(resolve()).rejects.toThrow('not valid');
    at(4_499);
    await expect(resolve()).rejects.toThrow('not valid');
    expect(lookup).toHaveBeenCalledTimes(2);
    at(5_499); // still refused, and refreshed behind the refusal as any answer in use
    await expect(resolve()).rejects.toThrow('not valid');
    expect(lookup).toHaveBeenCalledTimes(3);
  });

  it('keeps the answer to its TTL when a refresh fails, and keeps no failure but a 401', async () => {
    const { lookup, calls, resolve, at } = harness();
    const first = resolve();
    calls[0]!.resolve({ id: 'p1' });
    await first;
    at(2_500);
    await resolve();
    calls[1]!.reject(new Error('tenancy away'));
    await flush();
    await expect(resolve()).resolves.toEqual({ id: 'p1' }); // a new refresh starts
    calls[2]!.reject(new Error('tenancy away'));
    await flush();
    at(3_000);
    const expired = resolve();
    calls[3]!.reject(new Error('tenancy away'));
    await expect(expired).rejects.toThrow('tenancy away');
    expect(lookup).toHaveBeenCalledTimes(4);
  });

  it('after forget, looks the key up again, and a lookup begun before is not kept', async () => {
    const { cache, lookup, calls, resolve, at } = harness();
    const first = resolve();
    calls[0]!.resolve({ id: 'p1' });
    await first;
    at(2_500);
    await resolve(); // a refresh under way when the key is forgotten
    cache.forget('key');
    calls[1]!.resolve({ id: 'before logout' });
    await flush();
    const after = resolve();
    expect(lookup).toHaveBeenCalledTimes(3);
    calls[2]!.reject(refused());
    await expect(after).rejects.toThrow('not valid');
  });

  it('keeps nothing with a TTL of 0', async () => {
    const lookup = jest.fn(async () => ({ id: 'p' }));
    const cache = new AuthenticationCache<{ id: string }>(0);
    await cache.resolve('key', lookup);
    await cache.resolve('key', lookup);
    expect(lookup).toHaveBeenCalledTimes(2);
  });
});
