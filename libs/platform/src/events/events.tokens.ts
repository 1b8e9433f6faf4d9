/** Injection token of the service's plain nats.js connection (JetStream, health). */
export const NATS_CONNECTION = Symbol('tf:nats-connection');
