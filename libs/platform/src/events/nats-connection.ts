import { connect, type NatsConnection } from 'nats';

/** A plain nats.js connection for JetStream and health (Nest's transport keeps its own). */
export async function connectNats(servers: string[], name: string): Promise<NatsConnection> {
  return connect({
    servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5000,
  });
}
