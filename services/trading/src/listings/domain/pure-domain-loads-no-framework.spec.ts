/**
 * The trading rules are pure: importing them loads no Nest, TypeORM, nats or pg. If anything on
 * their import path reached for one of them, these factories would throw while the module loads.
 */
// jest.mock is hoisted above everything, so each factory says its name itself.
jest.mock('@nestjs/core', () => {
  throw new Error('@nestjs/core was loaded by the pure trading domain');
});
jest.mock('@nestjs/common', () => {
  throw new Error('@nestjs/common was loaded by the pure trading domain');
});
jest.mock('typeorm', () => {
  throw new Error('typeorm was loaded by the pure trading domain');
});
jest.mock('nats', () => {
  throw new Error('nats was loaded by the pure trading domain');
});
jest.mock('pg', () => {
  throw new Error('pg was loaded by the pure trading domain');
});

describe('the trading domain is pure', () => {
  it('imports the auction, deal-terms, listing-inputs and policy rules without any framework', () => {
    jest.isolateModules(() => {
      for (const module of ['./auction', './deal-terms', './listing-inputs', './policy']) {
        expect(Object.keys(require(module) as object).length).toBeGreaterThan(0);
      }
    });
  });
});
