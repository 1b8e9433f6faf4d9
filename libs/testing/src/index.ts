export * from './credit-codes';
export * from './fake-service';
export * from './patent-numbers';
export * from './pdf';
export * from './test-database';
export * from './test-nats';
export * from './test-stack';
export * from './schema';
