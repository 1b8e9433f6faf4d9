import { Pool } from 'undici';

/** Who calls: a staff token (a platform admin names the center), or a partner's API key. */
export type Credentials = { token: string; tenant?: string } | { apiKey: string } | undefined;

export interface CallOptions {
  as?: Credentials;
  body?: unknown;
  idempotencyKey?: string;
  query?: Record<string, string | number | boolean | undefined>;
}

export interface Reply<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** An RFC 9457 problem the API answered, with the request that got it. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
    readonly requestBody: unknown,
  ) {
    super(`${method} ${path} → ${status} ${JSON.stringify(body)}`);
  }

  /** The problem's type without its prefix: `/problems/leverage-limit` → `leverage-limit`. */
  get type(): string {
    const type = (this.body as { type?: unknown } | null)?.type;
    return typeof type === 'string' ? type.replace(/^.*\/problems\//, '') : '';
  }

  get detail(): string {
    const body = this.body as { detail?: unknown; errors?: { field: string; message: string }[] };
    const detail = typeof body?.detail === 'string' ? body.detail : '';
    const fields = (body?.errors ?? [])
      .map((e) => `${e.field} ${e.message}`)
      .filter((text) => !detail.includes(text));
    return [detail, ...fields].filter(Boolean).join(' — ');
  }
}

export class NetworkDown extends Error {}

const RETRIED = new Set([429, 502, 503, 504]);
const MAX_ATTEMPTS = 8;

/**
 * The public REST API over one keep-alive connection pool, at most `concurrency` requests in
 * flight (a FIFO semaphore; a request waiting to retry gives its slot back). 429 and 503 are
 * retried after their Retry-After (else a doubling backoff), and so is a 409 saying the same
 * Idempotency-Key is still in flight; a dropped connection is retried too.
 */
export class Api {
  requests = 0;
  retries = 0;
  private readonly pool: Pool;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly baseUrl: string,
    private readonly concurrency: number,
  ) {
    this.pool = new Pool(new URL(baseUrl).origin, {
      connections: concurrency,
      keepAliveTimeout: 30_000,
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  get<T>(path: string, options: CallOptions = {}): Promise<T> {
    return this.call<T>('GET', path, options).then((r) => r.body);
  }

  async post<T>(path: string, options: CallOptions = {}): Promise<T> {
    return (await this.call<T>('POST', path, options)).body;
  }

  /** Every page of a list (`limit` 200 unless given, following `nextCursor`). */
  async all<T>(path: string, options: CallOptions & { pageSize?: number } = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.get<{ items: T[]; nextCursor: string | null }>(path, {
        ...options,
        query: { ...options.query, limit: options.pageSize ?? 200, cursor },
      });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  /** The reply whatever its status, after retries; ApiError for 4xx and 5xx. */
  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const as = options.as;
    if (as && 'token' in as) {
      headers['authorization'] = `Bearer ${as.token}`;
      if (as.tenant) headers['x-tenant-id'] = as.tenant;
    } else if (as) headers['x-api-key'] = as.apiKey;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const url = `${new URL(this.baseUrl).pathname.replace(/\/$/, '')}/api/v1${path}${queryString(options.query)}`;
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let text: string;
      let retryAfter: string | undefined;
      let replayed = false;
      await this.acquire();
      try {
        this.requests++;
        const reply = await this.pool.request({ method, path: url, headers, body });
        status = reply.statusCode;
        text = await reply.body.text();
        retryAfter = header(reply.headers['retry-after']);
        replayed = header(reply.headers['idempotent-replayed']) === 'true';
      } catch (error) {
        this.release();
        if (attempt >= 4) throw new NetworkDown(`${method} ${path}: ${describe(error)}`);
        this.retries++;
        await sleep(500 * attempt);
        continue;
      }
      this.release();
      const parsed: unknown = text.length > 0 ? safeJson(text) : undefined;
      const inFlight =
        status === 409 &&
        /idempotency-key-in-flight/.test(String((parsed as { type?: string })?.type));
      if ((RETRIED.has(status) || inFlight) && attempt < MAX_ATTEMPTS) {
        this.retries++;
        const seconds = Number(retryAfter);
        await sleep(
          Number.isFinite(seconds) && seconds > 0
            ? seconds * 1000 + Math.random() * 250
            : Math.min(8000, 250 * 2 ** attempt),
        );
        continue;
      }
      if (status >= 400) throw new ApiError(method, path, status, parsed, options.body);
      return { status, body: parsed as T, replayed };
    }
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.concurrency) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}

function queryString(query: CallOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = (error as { code?: string }).code ?? (cause as { code?: string })?.code;
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
