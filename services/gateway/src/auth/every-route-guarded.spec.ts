import 'reflect-metadata';
import type { DynamicModule, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { IS_PUBLIC } from '@tf/platform';
import { AppModule } from '../app.module';
import { GatewayConfig } from '../config';
import { ACCESS_RULE } from './allow.decorator';

/** Every controller the gateway mounts, its imported modules' included. */
function controllersOf(module: DynamicModule): Type[] {
  const imported = (module.imports ?? []).filter(
    (m): m is DynamicModule => typeof m === 'object' && m !== null && 'module' in m,
  );
  return [...((module.controllers ?? []) as Type[]), ...imported.flatMap(controllersOf)];
}

function routesOf(controller: Type): { name: string; handler: object }[] {
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function')
    .map((name) => ({ name, handler: prototype[name] as object }))
    .filter(
      ({ handler }) =>
        Reflect.getMetadata(PATH_METADATA, handler) !== undefined &&
        Reflect.getMetadata(METHOD_METADATA, handler) !== undefined,
    );
}

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
