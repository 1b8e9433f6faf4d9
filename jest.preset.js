// Shared by every project's jest.config.ts: swc with decorator metadata (Nest DI works in tests),
// and the workspace path aliases.
const { join } = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: {
            legacyDecorator: true,
            decoratorMetadata: true,
            useDefineForClassFields: false,
          },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@tf/contracts$': join(__dirname, 'libs/contracts/src/index.ts'),
    '^@tf/contracts/vocabulary$': join(__dirname, 'libs/contracts/src/vocabulary/index.ts'),
    '^@tf/core$': join(__dirname, 'libs/core/src/index.ts'),
    '^@tf/platform$': join(__dirname, 'libs/platform/src/index.ts'),
    '^@tf/testing$': join(__dirname, 'libs/testing/src/index.ts'),
  },
  testMatch: ['**/?(*.)+(spec|e2e-spec).ts'],
  clearMocks: true,
  // Integration tests start real services on PostgreSQL and NATS; startup takes seconds on 2 cores.
  testTimeout: 30000,
};
