import { connect, type NatsConnection } from 'nats';

/** The service's one NATS connection: its handlers, its calls to other services, its events. */
export async function connectNats(servers: string[], name: string): Promise<NatsConnection> {
  return connect({
    servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5000,
    // A request would otherwise capture a stack trace each time, to show where a timeout began.
    noAsyncTraces: true,
  });
}
