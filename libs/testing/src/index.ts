export * from './credit-codes';
export * from './test-database';
export * from './test-nats';
export * from './test-stack';
