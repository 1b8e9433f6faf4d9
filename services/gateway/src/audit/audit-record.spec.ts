import { answerFacts, pathTarget, routeTemplate } from './audit-record';

describe('what an audit row says about a call', () => {
  it('names the route as the API documents it, and null when no route matched', () => {
    expect(routeTemplate('/api/v1/guarantees/:id/approve')).toBe('/api/v1/guarantees/{id}/approve');
    expect(routeTemplate('/api/v1/ops/dead-letters/:service/:id/replay')).toBe(
      '/api/v1/ops/dead-letters/{service}/{id}/replay',
    );
    expect(routeTemplate('/api/v1/enterprises')).toBe('/api/v1/enterprises');
    expect(routeTemplate(undefined)).toBeNull();
  });

  it("takes the path's id, else its last parameter, bounded and without NUL", () => {
    expect(pathTarget({ service: 'credit', id: 'a1' })).toBe('a1');
    expect(pathTarget({ offerId: 'o1' })).toBe('o1');
    expect(pathTarget({ code: 'jinan' })).toBe('jinan');
    expect(pathTarget({})).toBeNull();
    expect(pathTarget(undefined)).toBeNull();
    expect(pathTarget({ id: 'x\u0000y' })).toBe('x\uFFFDy');
    expect(pathTarget({ id: 'z'.repeat(500) })).toHaveLength(128);
  });

  it("reads a creation's id and a refusal's problem type from the answer, nothing else", () => {
    expect(answerFacts(201, '{"id":"e1","name":"A"}')).toEqual({ createdId: 'e1' });
    expect(answerFacts(404, '{"type":"/problems/not-found","status":404}')).toEqual({
      problemType: '/problems/not-found',
    });
    // A 4xx's body never names the target, and a 2xx's type is not a problem.
    expect(answerFacts(404, '{"id":"e1"}')).toEqual({});
    expect(answerFacts(200, '{"type":"bank"}')).toEqual({});
    expect(answerFacts(201, '[{"id":"e1"}]')).toEqual({});
    expect(answerFacts(201, 'not json')).toEqual({});
    expect(answerFacts(201, undefined)).toEqual({});
    expect(answerFacts(201, `{"id":"e1","pad":"${'x'.repeat(70_000)}"}`)).toEqual({});
  });

  it("reads the same from the handler's object, kept before it was serialised", () => {
    expect(answerFacts(201, { id: 'e1', name: 'A' })).toEqual({ createdId: 'e1' });
    expect(answerFacts(422, { type: '/problems/invalid', status: 422 })).toEqual({
      problemType: '/problems/invalid',
    });
    expect(answerFacts(201, { id: 42 })).toEqual({});
    expect(answerFacts(201, [{ id: 'e1' }])).toEqual({});
    expect(answerFacts(201, null)).toEqual({});
    expect(answerFacts(201, { id: 'x'.repeat(500) }).createdId).toHaveLength(128);
  });
});
