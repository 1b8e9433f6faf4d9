export * from './credit-codes';
export * from './pdf';
export * from './test-database';
export * from './test-nats';
export * from './test-stack';
