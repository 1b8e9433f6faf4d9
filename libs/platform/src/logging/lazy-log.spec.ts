import pino, { type Logger } from 'pino';
import { withLazyLog } from './lazy-log';

describe('withLazyLog', () => {
  const logger = pino({ level: 'silent' });

  it('makes the logger on its first use, once', () => {
    const make = jest.fn(() => logger.child({ requestId: 'r-1' }));
    const ctx = withLazyLog<{ requestId: string; log: Logger }>({ requestId: 'r-1' }, make);
    expect(make).not.toHaveBeenCalled();
    expect(ctx.requestId).toBe('r-1');
    const first = ctx.log;
    expect(ctx.log).toBe(first);
    expect(make).toHaveBeenCalledTimes(1);
    expect(first.bindings()).toEqual({ requestId: 'r-1' });
  });

  it('is not an own property: a spread or JSON of the context leaves it out', () => {
    const ctx = withLazyLog<{ tenant: string; log: Logger }>({ tenant: 'jinan' }, () => logger);
    expect(Object.keys(ctx)).toEqual(['tenant']);
    expect({ ...ctx }).toEqual({ tenant: 'jinan' });
    expect(JSON.stringify(ctx)).toBe('{"tenant":"jinan"}');
    expect(ctx.log).toBe(logger);
  });

  it('gives contexts made alike one hidden shape, whatever their values', () => {
    // Two contexts' own properties come in the same order: what lets V8 share their hidden class.
    const a = withLazyLog<{ requestId: string; tenant: string; log: Logger }>(
      { requestId: 'a', tenant: 'jinan' },
      () => logger,
    );
    const b = withLazyLog<{ requestId: string; tenant: string; log: Logger }>(
      { requestId: 'b', tenant: 'beijing' },
      () => logger,
    );
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
    expect(Object.getOwnPropertyNames(a)).toEqual(Object.getOwnPropertyNames(b));
    expect(Object.getOwnPropertyDescriptor(a, 'log')).toBeUndefined();
  });
});
