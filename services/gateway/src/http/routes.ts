import 'reflect-metadata';
import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

/** Every route the gateway mounts, read from the controllers' own decorators. */
export interface Route {
  method: string;
  /** As the router sees it, e.g. /api/v1/valuations/:id/approve */
  path: string;
  controller: Type;
  name: string;
  handler: object;
}

export const API_PREFIX = 'api/v1';
/** Routes served outside the prefix: the liveness probe. */
export const UNPREFIXED_PATHS = ['health/live'];

/** Every controller a module mounts, its imported modules' included. */
export function controllersOf(module: DynamicModule): Type[] {
  const imported = (module.imports ?? []).filter(
    (m): m is DynamicModule => typeof m === 'object' && m !== null && 'module' in m,
  );
  return [...((module.controllers ?? []) as Type[]), ...imported.flatMap(controllersOf)];
}

export function routesOf(controller: Type): Route[] {
  const prototype = controller.prototype as Record<string, unknown>;
  const base = paths(Reflect.getMetadata(PATH_METADATA, controller));
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function')
    .flatMap((name) => {
      const handler = prototype[name] as object;
      const own: unknown = Reflect.getMetadata(PATH_METADATA, handler);
      const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
      if (own === undefined || typeof method !== 'number') return [];
      const verb = RequestMethod[method] as string;
      return base.flatMap((prefix) =>
        paths(own).map((path) => ({
          method: verb,
          path: fullPath(prefix, path),
          controller,
          name,
          handler,
        })),
      );
    });
}

export function routesOfModule(module: DynamicModule): Route[] {
  return controllersOf(module).flatMap(routesOf);
}

function paths(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : ''];
}

function fullPath(controllerPath: string, methodPath: string): string {
  const relative = [controllerPath, methodPath]
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return UNPREFIXED_PATHS.includes(relative) ? `/${relative}` : `/${API_PREFIX}/${relative}`;
}

/**
 * Which methods a path answers to, so a known path called with another method is a 405 with
 * Allow rather than a 404 (RFC 9110 §15.5.6).
 */
export class RouteTable {
  private readonly patterns: { method: string; pattern: RegExp }[];

  constructor(routes: readonly Pick<Route, 'method' | 'path'>[]) {
    this.patterns = routes.map(({ method, path }) => ({
      method,
      pattern: new RegExp(
        `^${path
          .split('/')
          .map((segment) =>
            segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
          )
          .join('/')}/?$`,
      ),
    }));
  }

  allowedMethods(pathname: string): string[] {
    const methods = new Set(
      this.patterns.filter(({ pattern }) => pattern.test(pathname)).map(({ method }) => method),
    );
    return [...methods].sort();
  }
}
