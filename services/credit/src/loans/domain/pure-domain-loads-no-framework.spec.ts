/**
 * The loan rules are pure: importing them loads no Nest, TypeORM, nats or pg. If anything on
 * their import path reached for one of them, these factories would throw while the module loads.
 */
// jest.mock is hoisted above everything, so each factory says its name itself.
jest.mock('@nestjs/core', () => {
  throw new Error('@nestjs/core was loaded by the pure credit domain');
});
jest.mock('@nestjs/common', () => {
  throw new Error('@nestjs/common was loaded by the pure credit domain');
});
jest.mock('typeorm', () => {
  throw new Error('typeorm was loaded by the pure credit domain');
});
jest.mock('nats', () => {
  throw new Error('nats was loaded by the pure credit domain');
});
jest.mock('pg', () => {
  throw new Error('pg was loaded by the pure credit domain');
});

describe('the credit domain is pure', () => {
  it('imports schedules, repayments, delinquency, underwriting and the policy without any framework', () => {
    jest.isolateModules(() => {
      for (const module of [
        './schedule',
        './repayment',
        './delinquency',
        './underwriting',
        './policy',
        './historical-book',
      ]) {
        expect(Object.keys(require(module) as object).length).toBeGreaterThan(0);
      }
    });
  });
});
