import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from 'nats';

/** Why a request got no reply. */
export type NoReply = 'timeout' | 'no-responders' | 'closed';

export class RequestFailed extends Error {
  constructor(
    readonly reason: NoReply,
    readonly subject: string,
  ) {
    super(`${subject}: ${reason}`);
  }
}

interface Waiting {
  resolve: (message: Msg) => void;
  reject: (error: RequestFailed) => void;
  timer: NodeJS.Timeout;
  subject: string;
}

/**
 * Request-reply over one inbox subscription: each request publishes with a reply subject
 * `<inbox>.<token>`, and the reply is matched to its request by the token. It is what nats.js's
 * own `request` does, less what that costs on every call: nats.js builds a `NatsError` (with a
 * captured stack trace) for every request that succeeds, when it cancels the request after the
 * reply (`RequestOne.resolver` → `cancel()`), about a twentieth of the gateway's CPU per forwarded
 * request (docs/performance.md). Errors here are made only when a request fails.
 *
 * No responders: a NATS server that supports headers answers a request nobody subscribes to with
 * an empty message whose status is 503, which fails the request at once instead of at its timeout.
 */
export class ReplyInbox {
  private readonly prefix: string;
  private readonly waiting = new Map<string, Waiting>();
  private readonly subscription: Subscription;
  private next = 0;

  /** `inboxPrefix`: the connection's (natsInboxPrefix), where this user may subscribe. */
  constructor(
    private readonly nats: NatsConnection,
    inboxPrefix = '_INBOX',
  ) {
    this.prefix = `${createInbox(inboxPrefix)}.`;
    this.subscription = nats.subscribe(`${this.prefix}*`, {
      callback: (error, message) => {
        if (!error) this.settle(message);
      },
    });
    // Requests under way when the connection closes fail now, not at their timeouts.
    void nats.closed().then(() => this.failAll('closed'));
  }

  request(
    subject: string,
    data: Uint8Array,
    options: { headers?: MsgHdrs; timeoutMs: number },
  ): Promise<Msg> {
    if (this.nats.isClosed()) return Promise.reject(new RequestFailed('closed', subject));
    const token = (this.next++).toString(36);
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(token);
        reject(new RequestFailed('timeout', subject));
      }, options.timeoutMs);
      this.waiting.set(token, { resolve, reject, timer, subject });
      try {
        this.nats.publish(subject, data, {
          reply: this.prefix + token,
          ...(options.headers ? { headers: options.headers } : {}),
        });
      } catch (error) {
        clearTimeout(timer);
        this.waiting.delete(token);
        reject(error);
      }
    });
  }

  /** Requests still waiting for a reply (for tests and shutdown). */
  get size(): number {
    return this.waiting.size;
  }

  close(): void {
    this.subscription.unsubscribe();
    this.failAll('closed');
  }

  private settle(message: Msg): void {
    const token = message.subject.slice(this.prefix.length);
    const waiting = this.waiting.get(token);
    if (!waiting) return; // timed out already
    this.waiting.delete(token);
    clearTimeout(waiting.timer);
    if (message.data.length === 0 && message.headers?.code === 503) {
      waiting.reject(new RequestFailed('no-responders', waiting.subject));
    } else {
      waiting.resolve(message);
    }
  }

  private failAll(reason: NoReply): void {
    for (const [token, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      this.waiting.delete(token);
      waiting.reject(new RequestFailed(reason, waiting.subject));
    }
  }
}
