import { CommonErrors, DomainError } from '@tf/platform';
import { AuthenticationCache } from './authentication-cache';

/** The sharing and refreshing of lookups is RefreshingCache's, tested in the platform. */
describe('AuthenticationCache', () => {
  let clock = 0;
  const refused = new DomainError(CommonErrors.INVALID_API_KEY, 'not valid');

  it('keeps a 401 for the TTL, so a bad key repeated costs one lookup per window', async () => {
    const lookup = jest.fn(() => Promise.reject(refused));
    const cache = new AuthenticationCache(3_000, () => clock);
    clock = 0;
    await expect(cache.resolve('key', lookup)).rejects.toBe(refused);
    clock = 1_999;
    await expect(cache.resolve('key', lookup)).rejects.toBe(refused);
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('keeps no other failure: tenancy away is asked again by the next request', async () => {
    const lookup = jest
      .fn<Promise<{ id: string }>, []>()
      .mockRejectedValueOnce(new DomainError(CommonErrors.DEPENDENCY_UNAVAILABLE, 'away'))
      .mockResolvedValueOnce({ id: 'partner' });
    const cache = new AuthenticationCache<{ id: string }>(3_000, () => clock);
    clock = 0;
    await expect(cache.resolve('key', lookup)).rejects.toThrow('away');
    await expect(cache.resolve('key', lookup)).resolves.toEqual({ id: 'partner' });
  });

  it('looks a forgotten session up again at once', async () => {
    const lookup = jest
      .fn<Promise<{ id: string }>, []>()
      .mockResolvedValueOnce({ id: 'session' })
      .mockRejectedValueOnce(refused);
    const cache = new AuthenticationCache<{ id: string }>(3_000, () => clock);
    clock = 0;
    await cache.resolve('session', lookup);
    cache.forget('session');
    await expect(cache.resolve('session', lookup)).rejects.toBe(refused);
  });
});
