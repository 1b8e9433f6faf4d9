import { AsyncResource } from 'node:async_hooks';

/**
 * On Node 20, every `AsyncResource.bind` (Fastify's body parser calls it once per request with a
 * body, Nest's interceptor chain twice per intercepted request) defines a deprecated
 * `asyncResource` accessor (DEP0172) on the bound function through `util.deprecate`, which costs
 * about 13 µs a call: a fifth of a POST's gateway CPU in the profile (docs/performance.md).
 * This is the same binding without that accessor: the function runs in the resource's async
 * scope with the same `this` and arguments, and keeps its length. Installed once per process by
 * runService; a Node whose bound functions carry no such accessor is left alone.
 */
export function installFastAsyncResourceBind(): boolean {
  const probe = new AsyncResource('tf-probe').bind(() => undefined);
  if (!Object.getOwnPropertyDescriptor(probe, 'asyncResource')) return false;
  AsyncResource.prototype.bind = function bind<Func extends (...args: never[]) => unknown>(
    this: AsyncResource,
    fn: Func,
    thisArg?: unknown,
  ): Func {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the resource the call runs in
    const resource = this;
    const bound =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]) {
            return resource.runInAsyncScope(fn as never, this, ...(args as never[]));
          }
        : resource.runInAsyncScope.bind(resource, fn as never, thisArg);
    Object.defineProperty(bound, 'length', { configurable: true, value: fn.length });
    return bound as unknown as Func;
  };
  return true;
}
