import { canonicalJson, decide, requestFingerprint, REPLAY_WINDOW_MS } from './request-fingerprint';

describe('Idempotency-Key decisions', () => {
  const now = new Date('2026-11-26T10:00:00Z');
  const LEASE_MS = 30_000;
  const fp = requestFingerprint('POST', '/api/v1/enterprises', { name: 'A', creditCode: 'X' });

  it('the same body in another key order or spacing is the same request', () => {
    expect(
      requestFingerprint(
        'post',
        '/api/v1/enterprises',
        JSON.parse('{ "creditCode":"X",  "name":"A" }'),
      ),
    ).toBe(fp);
    expect(canonicalJson({ b: [2, { d: 1, c: 0 }], a: null })).toBe(
      '{"a":null,"b":[2,{"c":0,"d":1}]}',
    );
  });

  it('another body, path or method is another request', () => {
    expect(
      requestFingerprint('POST', '/api/v1/enterprises', { name: 'B', creditCode: 'X' }),
    ).not.toBe(fp);
    expect(requestFingerprint('POST', '/api/v1/partners', { name: 'A', creditCode: 'X' })).not.toBe(
      fp,
    );
  });

  it('replays a completed request with the same body', () => {
    expect(
      decide(
        { state: 'completed', fingerprint: fp, createdAt: now, status: 201, body: { id: 1 } },
        fp,
        now,
        LEASE_MS,
      ),
    ).toEqual({ kind: 'replay', status: 201, body: { id: 1 } });
  });

  it('refuses the same key with another body, and while the first is still running', () => {
    expect(
      decide(
        { state: 'completed', fingerprint: fp, createdAt: now, status: 201, body: {} },
        'other',
        now,
        LEASE_MS,
      ),
    ).toEqual({ kind: 'conflict', reason: 'other-body' });
    expect(
      decide({ state: 'in_flight', fingerprint: fp, createdAt: now }, fp, now, LEASE_MS),
    ).toEqual({ kind: 'conflict', reason: 'in-flight' });
  });

  it('lets the same request take over an attempt in flight past its lease (cut off by a crash)', () => {
    const cutOff = new Date(now.getTime() - LEASE_MS - 1);
    expect(
      decide({ state: 'in_flight', fingerprint: fp, createdAt: cutOff }, fp, now, LEASE_MS),
    ).toEqual({ kind: 'expired' });
    // Another body is still refused: the lease is the same request's, not the key's.
    expect(
      decide({ state: 'in_flight', fingerprint: fp, createdAt: cutOff }, 'other', now, LEASE_MS),
    ).toEqual({ kind: 'conflict', reason: 'other-body' });
  });

  it('forgets a key after 24 hours', () => {
    const old = new Date(now.getTime() - REPLAY_WINDOW_MS - 1);
    expect(
      decide(
        { state: 'completed', fingerprint: fp, createdAt: old, status: 201, body: {} },
        'other',
        now,
        LEASE_MS,
      ),
    ).toEqual({ kind: 'expired' });
  });
});
