import { request as httpRequest } from 'node:http';
import { validCreditCode } from '@tf/testing';

/** A small HTTP client for the tests: credentials by name, raw bodies and headers when a test needs them. */
export interface Call {
  token?: string;
  apiKey?: string;
  tenant?: string;
  body?: unknown;
  /** Sent as is (for malformed JSON, or a form body with its own content-type). */
  rawBody?: string;
  headers?: Record<string, string>;
  /**
   * The local address the request leaves from (any of 127.0.0.0/8 on Linux): a test that floods
   * per-address limits gets an address of its own, so other tests keep theirs.
   */
  from?: string;
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  contentType: string;
  /** The body as bytes, for binary responses (PDF). */
  bytes: Buffer;
}

export class Api {
  constructor(readonly base: string) {}

  call<T = any>(method: string, path: string, call: Call = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (call.rawBody !== undefined) body = call.rawBody;
    else if (call.body !== undefined) body = JSON.stringify(call.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (call.token) headers['authorization'] = `Bearer ${call.token}`;
    if (call.apiKey) headers['x-api-key'] = call.apiKey;
    if (call.tenant) headers['x-tenant-id'] = call.tenant;
    Object.assign(headers, call.headers);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const url = new URL(`${this.base}${path}`);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        url,
        { method, headers, ...(call.from ? { localAddress: call.from } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            const text = bytes.toString('utf8');
            const contentType = String(res.headers['content-type'] ?? '');
            const replyHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined)
                replyHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
            resolve({
              status: res.statusCode ?? 0,
              headers: replyHeaders,
              body: (text && contentType.includes('json') ? JSON.parse(text) : text) as T,
              contentType,
              bytes,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
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
  put<T = any>(path: string, call?: Call) {
    return this.call<T>('PUT', path, call);
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

/** A partner of a center registered by a platform admin, with its API key. */
export async function partnerWithKey(
  api: Api,
  adminToken: string,
  tenant: string,
  kind: string,
  enterpriseId?: string,
): Promise<{ id: string; key: string; keyId: string }> {
  const partner = await api.post('/api/v1/partners', {
    token: adminToken,
    tenant,
    body: {
      name: `${tenant} ${kind} ${Math.random()}`,
      kind,
      ...(enterpriseId ? { enterpriseId } : {}),
    },
  });
  expect(partner.status).toBe(201);
  const key = await api.post(`/api/v1/partners/${partner.body.id}/api-keys`, {
    token: adminToken,
    tenant,
  });
  expect(key.status).toBe(201);
  return { id: partner.body.id, key: key.body.key, keyId: key.body.id };
}

/** An SME registered by a bank's key (a fresh, valid credit code each time): its id. */
export async function registerEnterprise(
  api: Api,
  apiKey: string,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const reply = await api.post('/api/v1/enterprises', {
    apiKey,
    body: {
      creditCode: validCreditCode(),
      name: `济南科技有限公司 ${Math.random()}`,
      industry: 'integrated-circuits',
      ...fields,
    },
  });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

/** A staff user of a center, made by an admin's token, logged in: their token. */
export async function staffToken(
  api: Api,
  adminToken: string,
  tenant: string,
  user: { username: string; password: string; roles: string[] },
): Promise<string> {
  const created = await api.post('/api/v1/users', { token: adminToken, tenant, body: user });
  expect(created.status).toBe(201);
  return api.token(user.username, user.password);
}
