import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { installFastAsyncResourceBind } from './async-resource-bind';

describe('installFastAsyncResourceBind', () => {
  beforeAll(() => installFastAsyncResourceBind());

  it('runs the bound function in the async context it was bound in', async () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('request-1', () => AsyncResource.bind(() => storage.getStore()));
    const seen = await storage.run(
      'request-2',
      () => new Promise((r) => setImmediate(() => r(bound()))),
    );
    expect(seen).toBe('request-1');
  });

  it('passes this, the arguments and the result through, and keeps the length', () => {
    const target = { base: 10 };
    const add = function (this: typeof target, a: number, b: number) {
      return this.base + a + b;
    };
    const unbound = new AsyncResource('test').bind(add);
    expect(unbound.call(target, 1, 2)).toBe(13);
    expect(unbound.length).toBe(2);
    // Node takes a thisArg that @types/node does not declare.
    const bindWithThis = AsyncResource.prototype.bind as unknown as (
      fn: typeof add,
      thisArg: typeof target,
    ) => (a: number, b: number) => number;
    const withThis = bindWithThis.call(new AsyncResource('test'), add, { base: 100 });
    expect(withThis(1, 2)).toBe(103);
  });

  it('defines no deprecated accessor any more', () => {
    const bound = AsyncResource.bind(() => 1);
    expect(Object.getOwnPropertyDescriptor(bound, 'asyncResource')).toBeUndefined();
  });
});
