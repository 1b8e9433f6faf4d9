// `npm run test:faults`: the fault scenarios (e2e/src/faults), each on a PostgreSQL cluster and a
// nats-server of its own that it kills. Not part of `npm test`'s run (the e2e project's
// jest.config.js does not match *.faults-spec.ts); .ci/run runs them after it.
module.exports = {
  displayName: 'faults',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['**/src/faults/*.faults-spec.ts'],
  testTimeout: 600000,
};
