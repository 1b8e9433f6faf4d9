import { GUARDS_METADATA, INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { loadConfig } from '@tf/platform';
import { AppModule } from '../app.module';
import { GatewayConfig } from '../config';
import { IdempotencyGuard } from '../idempotency/idempotency.guard';
import { RouteTable, routesOfModule, type Route } from './routes';

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

describe('the routes the gateway mounts', () => {
  const module = AppModule.forRoot(loadConfig(GatewayConfig, { NODE_ENV: 'test' }));

  it('honour an Idempotency-Key on every POST, and spend nothing on it for reads', () => {
    const routes = routesOfModule(module);
    const guardsOf = (route: Route) =>
      (Reflect.getMetadata(GUARDS_METADATA, route.handler) as unknown[] | undefined) ?? [];
    const posts = routes.filter((route) => route.method === 'POST');
    expect(posts.length).toBeGreaterThan(5);
    for (const route of posts)
      expect([route.path, guardsOf(route)]).toEqual([route.path, [IdempotencyGuard]]);
    for (const route of routes.filter((r) => r.method === 'GET'))
      expect([route.path, guardsOf(route)]).toEqual([route.path, []]);
  });

  it('run no interceptor: Nest would run each such route through rxjs', () => {
    for (const route of routesOfModule(module))
      expect([
        route.path,
        Reflect.getMetadata(INTERCEPTORS_METADATA, route.handler) ?? [],
        Reflect.getMetadata(INTERCEPTORS_METADATA, route.controller) ?? [],
      ]).toEqual([route.path, [], []]);
  });
});
