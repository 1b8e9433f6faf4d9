import { apiKeyMatches, apiKeyPrefix, generateApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it('are long random strings whose hash, not the key, is kept', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{54}$/);
    expect(prefix).toBe(key.slice(0, 8));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key);
  });

  it('match only the key they were made from', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(apiKeyMatches(a.key, a.hash)).toBe(true);
    expect(apiKeyMatches(b.key, a.hash)).toBe(false);
    expect(apiKeyMatches(a.key.slice(0, -1) + (a.key.endsWith('A') ? 'B' : 'A'), a.hash)).toBe(
      false,
    );
    expect(apiKeyPrefix(a.key)).toBe(a.prefix);
  });
});
