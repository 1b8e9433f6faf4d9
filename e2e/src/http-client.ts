/** A small fetch wrapper for the tests: credentials by name, raw bodies when a test needs them. */
export interface Call {
  token?: string;
  apiKey?: string;
  tenant?: string;
  body?: unknown;
  /** Sent as is (for malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  contentType: string;
}

export class Api {
  constructor(readonly base: string) {}

  async call<T = any>(method: string, path: string, call: Call = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...call.headers };
    if (call.token) headers['authorization'] = `Bearer ${call.token}`;
    if (call.apiKey) headers['x-api-key'] = call.apiKey;
    if (call.tenant) headers['x-tenant-id'] = call.tenant;
    let body: string | undefined;
    if (call.rawBody !== undefined) body = call.rawBody;
    else if (call.body !== undefined) body = JSON.stringify(call.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.base}${path}`, { method, headers, body });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: text && contentType.includes('json') ? JSON.parse(text) : text,
      contentType,
    };
  }

  get<T = any>(path: string, call?: Call) {
    return this.call<T>('GET', path, call);
  }
  post<T = any>(path: string, call?: Call) {
    return this.call<T>('POST', path, call);
  }
  patch<T = any>(path: string, call?: Call) {
    return this.call<T>('PATCH', path, call);
  }
  delete<T = any>(path: string, call?: Call) {
    return this.call<T>('DELETE', path, call);
  }

  async token(username: string, password: string): Promise<string> {
    const reply = await this.post('/api/v1/auth/token', { body: { username, password } });
    if (reply.status !== 200)
      throw new Error(`login of ${username} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.accessToken as string;
  }
}

/** Asserts an RFC 9457 problem response and returns its body. */
export function expectProblem(reply: Reply, status: number): any {
  expect({ status: reply.status, contentType: reply.contentType }).toEqual({
    status,
    contentType: expect.stringContaining('application/problem+json'),
  });
  expect(reply.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance: expect.any(String),
    }),
  );
  return reply.body;
}
