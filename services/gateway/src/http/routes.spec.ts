import { RouteTable } from './routes';

describe('RouteTable: which methods a path answers to', () => {
  const table = new RouteTable([
    { method: 'GET', path: '/api/v1/enterprises' },
    { method: 'POST', path: '/api/v1/enterprises' },
    { method: 'GET', path: '/api/v1/valuations/:id' },
    { method: 'POST', path: '/api/v1/valuations/:id/approve' },
    { method: 'GET', path: '/health/live' },
  ]);

  it('lists the methods of a path, parameters matching one segment', () => {
    expect(table.allowedMethods('/api/v1/enterprises')).toEqual(['GET', 'POST']);
    expect(table.allowedMethods('/api/v1/enterprises/')).toEqual(['GET', 'POST']);
    expect(table.allowedMethods('/api/v1/valuations/0192f3c4')).toEqual(['GET']);
    expect(table.allowedMethods('/api/v1/valuations/0192f3c4/approve')).toEqual(['POST']);
  });

  it('knows nothing of a path no route has', () => {
    expect(table.allowedMethods('/api/v1/valuations/a/b')).toEqual([]);
    expect(table.allowedMethods('/api/v1/no-such-thing')).toEqual([]);
  });
});
