/**
 * The guarantee rules are pure: importing them loads no Nest, TypeORM, nats or pg. If anything on
 * their import path reached for one of them, these factories would throw while the module loads.
 */
// jest.mock is hoisted above everything, so each factory says its name itself.
jest.mock('@nestjs/core', () => {
  throw new Error('@nestjs/core was loaded by the pure guarantee domain');
});
jest.mock('@nestjs/common', () => {
  throw new Error('@nestjs/common was loaded by the pure guarantee domain');
});
jest.mock('typeorm', () => {
  throw new Error('typeorm was loaded by the pure guarantee domain');
});
jest.mock('nats', () => {
  throw new Error('nats was loaded by the pure guarantee domain');
});
jest.mock('pg', () => {
  throw new Error('pg was loaded by the pure guarantee domain');
});

describe('the guarantee domain is pure', () => {
  it('imports the fee, the split, the limits, the claims, the policy and the validation without any framework', () => {
    jest.isolateModules(() => {
      for (const module of [
        './fee',
        './risk-shares',
        './limits',
        './claims',
        './policy',
        './validate-application',
      ]) {
        expect(Object.keys(require(module) as object).length).toBeGreaterThan(0);
      }
    });
  });
});
