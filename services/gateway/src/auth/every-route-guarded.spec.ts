import 'reflect-metadata';
import { IS_PUBLIC } from '@tf/platform';
import { AppModule } from '../app.module';
import { GatewayConfig } from '../config';
import { controllersOf, routesOf } from '../http/routes';
import { ACCESS_RULE } from './allow.decorator';

describe('every gateway route declares who may call it', () => {
  const controllers = controllersOf(AppModule.forRoot(new GatewayConfig()));

  it('finds the controllers and their routes', () => {
    expect(controllers.map((c) => c.name)).toEqual(
      expect.arrayContaining(['AuthController', 'EnterprisesController', 'HealthController']),
    );
    expect(controllers.flatMap(routesOf).length).toBeGreaterThan(10);
  });

  it.each(controllers.map((c) => [c.name, c] as const))(
    '%s: each route has @Allow(...) or @Public()',
    (_name, controller) => {
      const unguarded = routesOf(controller)
        .filter(({ handler }) => {
          const declared = (key: string) =>
            Reflect.getMetadata(key, handler) !== undefined ||
            Reflect.getMetadata(key, controller) !== undefined;
          return !declared(ACCESS_RULE) && !declared(IS_PUBLIC);
        })
        .map(({ name }) => `${controller.name}.${name}`);
      expect(unguarded).toEqual([]);
    },
  );
});
