/**
 * The valuation arithmetic is pure: importing it loads no Nest, TypeORM or nats (before the pure
 * core, it pulled about 1,900 modules through the platform barrel). If anything on its import path
 * reached for one of them, these factories would throw while the module loads.
 */
// jest.mock is hoisted above everything, so each factory says its name itself.
jest.mock('@nestjs/core', () => {
  throw new Error('@nestjs/core was loaded by the pure valuation domain');
});
jest.mock('@nestjs/common', () => {
  throw new Error('@nestjs/common was loaded by the pure valuation domain');
});
jest.mock('typeorm', () => {
  throw new Error('typeorm was loaded by the pure valuation domain');
});
jest.mock('nats', () => {
  throw new Error('nats was loaded by the pure valuation domain');
});
jest.mock('pg', () => {
  throw new Error('pg was loaded by the pure valuation domain');
});

describe('the valuation domain is pure', () => {
  it('imports computeValuation, the workflow rules and the validation without any framework', () => {
    jest.isolateModules(() => {
      const { computeValuation } =
        require('./compute-valuation') as typeof import('./compute-valuation');
      const { approvalRefusal } = require('./workflow') as typeof import('./workflow');
      const { valuationProblems } =
        require('./validate-valuation') as typeof import('./validate-valuation');
      expect([computeValuation, approvalRefusal, valuationProblems].map((f) => typeof f)).toEqual([
        'function',
        'function',
        'function',
      ]);
    });
  });

  it('would notice if one of them were loaded', () => {
    expect(() => require('typeorm')).toThrow('typeorm was loaded by the pure valuation domain');
  });
});
