/**
 * The investment rules are pure: importing them loads no Nest, TypeORM, nats or pg. If anything
 * on their import path reached for one of them, these factories would throw while the module loads.
 */
// jest.mock is hoisted above everything, so each factory says its name itself.
jest.mock('@nestjs/core', () => {
  throw new Error('@nestjs/core was loaded by the pure investment domain');
});
jest.mock('@nestjs/common', () => {
  throw new Error('@nestjs/common was loaded by the pure investment domain');
});
jest.mock('typeorm', () => {
  throw new Error('typeorm was loaded by the pure investment domain');
});
jest.mock('nats', () => {
  throw new Error('nats was loaded by the pure investment domain');
});
jest.mock('pg', () => {
  throw new Error('pg was loaded by the pure investment domain');
});

describe('the investment domain is pure', () => {
  it('imports the metrics, capital, policy, pipeline, committee and holding rules without any framework', () => {
    jest.isolateModules(() => {
      for (const module of [
        './metrics',
        './xirr',
        './capital',
        './policy',
        '../../deals/domain/pipeline',
        '../../deals/domain/committee',
        './holding',
      ]) {
        expect(Object.keys(require(module) as object).length).toBeGreaterThan(0);
      }
    });
  });
});
