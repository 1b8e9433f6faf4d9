import { headers as natsHeaders, type MsgHdrs } from 'nats';
import { ACTOR_CACHE_SIZE, contextFromHeaders, contextToHeaders, HEADER } from './nats-headers';
import type { RequestContext } from './request-context';

function headersWith(values: Record<string, string>): MsgHdrs {
  const h = natsHeaders();
  for (const [name, value] of Object.entries(values)) h.set(name, value);
  return h;
}

/** What a handler would see after the context crossed NATS: encoded, then decoded from the wire. */
function acrossTheWire(ctx: RequestContext): RequestContext {
  const h = contextToHeaders(ctx);
  // Encode and decode the header block as NATS would, so nothing survives only in memory.
  const decoded = natsHeaders();
  const wire = h.toString();
  for (const line of wire.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) decoded.append(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return contextFromHeaders(decoded, () => 'fallback-id');
}

describe('request context in NATS headers', () => {
  it('round-trips a staff user with roles, tenant, request id and idempotency key', () => {
    const ctx: RequestContext = {
      requestId: 'req-1',
      tenant: 'jinan',
      actor: { kind: 'user', id: 'u-1', roles: ['center-admin', 'analyst'] },
      idempotencyKey: 'idem-1',
    };
    expect(contextFromHeaders(contextToHeaders(ctx), () => 'fallback-id')).toEqual(ctx);
    expect(acrossTheWire(ctx)).toEqual(ctx);
  });

  it("round-trips a partner's API key actor with its scopes", () => {
    const ctx: RequestContext = {
      requestId: 'req-2',
      tenant: 'liaocheng',
      actor: {
        kind: 'partner',
        id: 'p-1',
        apiKeyId: 'k-1',
        partnerKind: 'bank',
        scopes: ['loans:read', 'loans:write'],
      },
    };
    const back = contextFromHeaders(contextToHeaders(ctx), () => 'fallback-id');
    expect(back).toEqual({ ...ctx, idempotencyKey: undefined });
    expect(acrossTheWire(ctx)).toEqual(back);
  });

  it('round-trips the system actor and a platform-level call without a tenant', () => {
    const ctx: RequestContext = { requestId: 'req-3', actor: { kind: 'system', id: 'relay' } };
    expect(contextFromHeaders(contextToHeaders(ctx), () => 'fallback-id')).toEqual({
      requestId: 'req-3',
      tenant: undefined,
      actor: { kind: 'system', id: 'relay' },
      idempotencyKey: undefined,
    });
  });

  it('writes only the headers that have a value', () => {
    const h = contextToHeaders({ requestId: 'req-4' });
    expect(h.get(HEADER.requestId)).toBe('req-4');
    expect(h.has(HEADER.tenant)).toBe(false);
    expect(h.has(HEADER.actor)).toBe(false);
    expect(h.has(HEADER.idempotencyKey)).toBe(false);
  });

  it('drops roles that do not exist instead of passing them on', () => {
    const h = headersWith({
      [HEADER.requestId]: 'req-5',
      [HEADER.actor]: JSON.stringify({
        kind: 'user',
        id: 'u-2',
        roles: ['analyst', 'superuser', 'platform-admin', 7, 'ANALYST', null],
      }),
    });
    expect(contextFromHeaders(h, () => 'fallback-id').actor).toEqual({
      kind: 'user',
      id: 'u-2',
      roles: ['analyst', 'platform-admin'],
    });
  });

  it('gives a user without a roles array no roles', () => {
    const h = headersWith({
      [HEADER.actor]: JSON.stringify({ kind: 'user', id: 'u-3', roles: 'platform-admin' }),
    });
    expect(contextFromHeaders(h, () => 'fallback-id').actor).toEqual({
      kind: 'user',
      id: 'u-3',
      roles: [],
    });
  });

  it.each([
    ['garbled JSON', '{"kind":"user","id":'],
    ['not JSON at all', 'platform-admin'],
    ['a JSON string', '"user:u-1"'],
    ['JSON null', 'null'],
    ['an array', '[{"kind":"user","id":"u-1"}]'],
    ['an unknown kind', '{"kind":"admin","id":"u-1","roles":["platform-admin"]}'],
    ['no kind', '{"id":"u-1","roles":["platform-admin"]}'],
    ['a missing id', '{"kind":"user","roles":["platform-admin"]}'],
    ['a numeric id', '{"kind":"user","id":1,"roles":["platform-admin"]}'],
  ])('treats a forged actor header with %s as no actor', (_label, raw) => {
    const ctx = contextFromHeaders(
      headersWith({ [HEADER.requestId]: 'req-6', [HEADER.tenant]: 'jinan', [HEADER.actor]: raw }),
      () => 'fallback-id',
    );
    expect(ctx).toEqual({
      requestId: 'req-6',
      tenant: 'jinan',
      actor: undefined,
      idempotencyKey: undefined,
    });
  });

  it('fills a partner with missing fields with empty values, never undefined', () => {
    const h = headersWith({ [HEADER.actor]: JSON.stringify({ kind: 'partner', id: 'p-2' }) });
    expect(contextFromHeaders(h, () => 'fallback-id').actor).toEqual({
      kind: 'partner',
      id: 'p-2',
      apiKeyId: '',
      partnerKind: '',
      scopes: [],
    });
  });

  it('falls back to the given request id when the header is missing', () => {
    const h = headersWith({ [HEADER.tenant]: 'jinan' });
    expect(contextFromHeaders(h, () => 'fallback-id')).toEqual({
      requestId: 'fallback-id',
      tenant: 'jinan',
      actor: undefined,
      idempotencyKey: undefined,
    });
  });

  it('makes a request id only for a message that came without one', () => {
    const newRequestId = jest.fn(() => 'fallback-id');
    contextFromHeaders(headersWith({ [HEADER.requestId]: 'req-7' }), newRequestId);
    expect(newRequestId).not.toHaveBeenCalled();
    contextFromHeaders(headersWith({ [HEADER.tenant]: 'jinan' }), newRequestId);
    expect(newRequestId).toHaveBeenCalledTimes(1);
  });

  it('falls back to the given request id when the header is empty', () => {
    const h = headersWith({ [HEADER.requestId]: '' });
    expect(contextFromHeaders(h, () => 'fallback-id').requestId).toBe('fallback-id');
  });

  it('reads a message without headers as an anonymous platform call', () => {
    expect(contextFromHeaders(undefined, () => 'fallback-id')).toEqual({
      requestId: 'fallback-id',
      tenant: undefined,
      actor: undefined,
      idempotencyKey: undefined,
    });
  });

  describe('an actor header seen before', () => {
    const partner = (id: string) =>
      headersWith({
        [HEADER.requestId]: `req-${id}`,
        [HEADER.actor]: JSON.stringify({
          kind: 'partner',
          id,
          apiKeyId: `k-${id}`,
          partnerKind: 'bank',
          scopes: ['loans:read'],
        }),
      });

    it('is read once and shared, frozen so that no request can change it for the next', () => {
      const first = contextFromHeaders(partner('p-cached'), () => 'x').actor;
      const second = contextFromHeaders(partner('p-cached'), () => 'x').actor;
      expect(second).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      expect(first?.kind === 'partner' && Object.isFrozen(first.scopes)).toBe(true);
    });

    it('is kept for at most ACTOR_CACHE_SIZE headers, and read the same after the cache starts again', () => {
      const before = contextFromHeaders(partner('p-0'), () => 'x').actor;
      for (let i = 1; i <= ACTOR_CACHE_SIZE; i++) contextFromHeaders(partner(`p-${i}`), () => 'x');
      const after = contextFromHeaders(partner('p-0'), () => 'x').actor;
      expect(after).not.toBe(before);
      expect(after).toEqual(before);
    });

    it('that is malformed stays anonymous every time', () => {
      const h = headersWith({ [HEADER.requestId]: 'req-bad', [HEADER.actor]: '{"kind":"user"' });
      expect(contextFromHeaders(h, () => 'x').actor).toBeUndefined();
      expect(contextFromHeaders(h, () => 'x').actor).toBeUndefined();
    });
  });
});
