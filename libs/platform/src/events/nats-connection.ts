import { connect, type NatsConnection } from 'nats';

/** A service's NATS user and password (NATS_USER, NATS_PASSWORD), when NATS asks for them. */
export interface NatsCredentials {
  user: string;
  pass: string;
}

/**
 * Where replies to a service's requests arrive: `_INBOX.<user>`, so that the deployment's NATS
 * config can let each user subscribe to its own replies only (another service's answers stay
 * unreadable to it). Without a user, nats.js's default `_INBOX`.
 */
export function natsInboxPrefix(credentials?: NatsCredentials): string {
  return credentials ? `_INBOX.${credentials.user}` : '_INBOX';
}

/** The service's one NATS connection: its handlers, its calls to other services, its events. */
export async function connectNats(
  servers: string[],
  name: string,
  credentials?: NatsCredentials,
): Promise<NatsConnection> {
  return connect({
    servers,
    name,
    ...(credentials
      ? {
          user: credentials.user,
          pass: credentials.pass,
          inboxPrefix: natsInboxPrefix(credentials),
        }
      : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5000,
    // A request would otherwise capture a stack trace each time, to show where a timeout began.
    noAsyncTraces: true,
  });
}
