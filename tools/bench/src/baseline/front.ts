/**
 * The baseline's gateway half: node:http, the Idempotency-Key statements the gateway runs, and a
 * NATS request to the service half (./back.ts) per call. No framework, no validation, no
 * authentication: the center and the partner are fixed for the run (BENCH_TENANT, BENCH_PARTNER_ID).
 * Every write answered is recorded in the gateway's audit trail, as the gateway records it.
 */
import { createHash } from 'node:crypto';
import { newId } from '@tf/core';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type NatsConnection } from 'nats';
import type { AuditEntry } from '../../../../services/gateway/src/audit/audit-record';
import {
  AUDIT_BATCH_ROWS,
  AUDIT_FLUSH_INTERVAL_MS,
  AUDIT_INSERT_SQL,
  auditColumnsOf,
} from '../../../../services/gateway/src/audit/audit-sql';
import { inTransaction, loadStatements, pool, run } from './pg';

const sql = loadStatements();
const db = pool();
const tenant = process.env['BENCH_TENANT'] ?? 'jinan';
const partnerId = process.env['BENCH_PARTNER_ID'] ?? '';
const apiKeyId = process.env['BENCH_API_KEY_ID'] ?? '';
const clientId = `api-key:${apiKeyId}`;

interface Answer {
  status: number;
  body: unknown;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function ask(
  nats: NatsConnection,
  subject: string,
  message: unknown,
  timeout = 10_000,
): Promise<Answer> {
  const reply = await nats.request(subject, JSON.stringify(message), { timeout });
  return JSON.parse(Buffer.from(reply.data).toString('utf8')) as Answer;
}

/**
 * A POST with an Idempotency-Key, as the gateway runs one: claimed first, the command asked of the
 * responder (which records it too, as the services do), completed after, replayed when seen.
 */
async function idempotentPost(
  nats: NatsConnection,
  subject: string,
  path: string,
  text: string,
  key: string | undefined,
  extra: Record<string, unknown> = {},
): Promise<Answer> {
  const body = JSON.parse(text) as unknown;
  const fingerprint = createHash('sha256').update(`POST ${path}\n${text}`).digest('hex');
  if (key) {
    const stored = await inTransaction(db, tenant, false, async (c) => {
      const claimed = await run(c, sql.idempotencyClaim, [
        tenant,
        clientId,
        key,
        fingerprint,
        'POST',
        path,
      ]);
      if (claimed.length > 0) return null;
      const [row] = await run<{ state: string; response_status: number; response_body: unknown }>(
        c,
        sql.idempotencyFind,
        [tenant, clientId, key],
      );
      return row ?? null;
    });
    if (stored) {
      return stored.state === 'completed'
        ? { status: stored.response_status, body: stored.response_body }
        : { status: 409, body: { type: '/problems/idempotency-key-in-flight' } };
    }
  }
  const answer = await ask(nats, subject, {
    tenant,
    clientId,
    key: key ?? null,
    fingerprint,
    body,
    ...extra,
  });
  if (key) {
    await inTransaction(db, tenant, false, (c) =>
      run(c, sql.idempotencyComplete, [
        tenant,
        clientId,
        key,
        answer.status,
        JSON.stringify(answer.body),
      ]),
    );
  }
  return answer;
}

/** The overview as the gateway gathers it: the enterprise, then its five sections at once. */
async function overview(nats: NatsConnection, id: string): Promise<Answer> {
  const enterprise = await ask(nats, 'bench.enterprise.get', { tenant, id });
  if (enterprise.status !== 200) return enterprise;
  const sections = ['valuations', 'guarantees', 'loans', 'investments', 'listings'] as const;
  const answers = await Promise.all(
    sections.map((section) =>
      ask(nats, 'bench.overview.section', { tenant, partnerId, enterpriseId: id, section }, 2_000)
        .then((answer) => answer.body)
        .catch(() => ({ unavailable: true })),
    ),
  );
  return {
    status: 200,
    body: {
      enterprise: enterprise.body,
      ...Object.fromEntries(sections.map((section, k) => [section, answers[k]])),
    },
  };
}

/**
 * The gateway's audit trail (services/gateway/src/audit): a row per write answered, kept in
 * memory and written in batches by the same statement, every AUDIT_FLUSH_INTERVAL_MS or as soon
 * as AUDIT_BATCH_ROWS wait.
 */
const waiting: AuditEntry[] = [];
let writing: Promise<void> | undefined;

function audit(request: IncomingMessage, answer: Answer, started: number): void {
  if (request.method === 'GET') return;
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const created = (answer.body as { id?: unknown } | null)?.id;
  waiting.push({
    id: newId(),
    tenant,
    occurredAt: new Date(),
    actorKind: 'partner',
    actorId: partnerId,
    actorName: 'bench bank',
    apiKeyId,
    actorRoles: ['bank'],
    method: request.method ?? 'POST',
    route: path,
    path,
    targetId: typeof created === 'string' ? created : (path.split('/')[4] ?? null),
    status: answer.status,
    problemType: null,
    requestId: newId(),
    clientAddress: request.socket.remoteAddress ?? '',
    durationMs: performance.now() - started,
  });
  if (waiting.length >= AUDIT_BATCH_ROWS) void flushAudit();
}

async function flushAudit(): Promise<void> {
  if (writing) return;
  writing = (async () => {
    while (waiting.length > 0) {
      const batch = waiting.splice(0, AUDIT_BATCH_ROWS);
      await inTransaction(db, tenant, false, (c) =>
        run(c, AUDIT_INSERT_SQL, auditColumnsOf(batch)),
      );
    }
  })();
  try {
    await writing;
  } finally {
    writing = undefined;
  }
}

async function route(nats: NatsConnection, request: IncomingMessage): Promise<Answer> {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const [, , , resource, id, action] = path.split('/');
  if (path === '/health') return { status: 200, body: { status: 'ok' } };
  if (request.method === 'GET' && resource === 'enterprises' && id && action === 'overview')
    return overview(nats, id);
  if (request.method === 'GET' && resource === 'enterprises' && id)
    return ask(nats, 'bench.enterprise.get', { tenant, id });
  if (request.method === 'GET' && resource === 'valuations' && id)
    return ask(nats, 'bench.valuation.get', { tenant, partnerId, id });
  if (request.method === 'POST' && resource === 'enterprises') {
    const key = request.headers['idempotency-key'];
    return idempotentPost(
      nats,
      'bench.enterprise.create',
      path,
      await readBody(request),
      typeof key === 'string' ? key : undefined,
    );
  }
  if (request.method === 'GET' && resource === 'guarantees' && id)
    return ask(nats, 'bench.guarantee.get', { tenant, partnerId, id });
  if (request.method === 'POST' && resource === 'guarantees' && id && action === 'approve') {
    await readBody(request);
    // No authentication here: the scenario names the analyst its token would name.
    const analystId = request.headers['x-bench-analyst'];
    return ask(nats, 'bench.guarantee.approve', { tenant, analystId, id });
  }
  if (request.method === 'POST' && resource === 'guarantees') {
    const body = JSON.parse(await readBody(request)) as unknown;
    return ask(nats, 'bench.guarantee.request', { tenant, partnerId, body });
  }
  if (request.method === 'GET' && resource === 'listings' && !id) {
    const query = new URL(request.url ?? '/', 'http://bench').searchParams;
    return ask(nats, 'bench.listing.search', {
      tenant,
      partnerId,
      q: query.get('q'),
      limit: Number(query.get('limit') ?? 50),
    });
  }
  if (request.method === 'POST' && resource === 'listings' && id && action === 'bids') {
    const body = JSON.parse(await readBody(request)) as { amount: string };
    return ask(nats, 'bench.listing.bid', { tenant, partnerId, id, amount: body.amount });
  }
  if (request.method === 'GET' && resource === 'funds' && id && action === 'metrics') {
    const asOf = new URL(request.url ?? '/', 'http://bench').searchParams.get('asOf');
    return ask(nats, 'bench.fund.metrics', { tenant, id, asOf });
  }
  if (request.method === 'GET' && resource === 'loans' && id)
    return ask(nats, 'bench.loan.get', { tenant, partnerId, id });
  if (request.method === 'POST' && resource === 'loans' && id && action === 'repayments') {
    const key = request.headers['idempotency-key'];
    return idempotentPost(
      nats,
      'bench.loan.repay',
      path,
      await readBody(request),
      typeof key === 'string' ? key : undefined,
      { partnerId, id },
    );
  }
  if (request.method === 'POST' && resource === 'loan-applications') {
    const key = request.headers['idempotency-key'];
    return idempotentPost(
      nats,
      'bench.loan.apply',
      path,
      await readBody(request),
      typeof key === 'string' ? key : undefined,
      { partnerId },
    );
  }
  if (request.method === 'POST' && resource === 'credit' && id === 'classification-runs') {
    const body = JSON.parse(await readBody(request)) as unknown;
    return ask(nats, 'bench.classification.run', { tenant, body }, 600_000);
  }
  if (request.method === 'POST' && resource === 'valuations') {
    const body = JSON.parse(await readBody(request)) as unknown;
    return ask(nats, 'bench.valuation.request', { tenant, partnerId, body });
  }
  return { status: 404, body: null };
}

export async function main(): Promise<number> {
  const nats = await connect({ servers: process.env['NATS_URL'], noAsyncTraces: true });
  const server = createServer((request, response) => {
    const started = performance.now();
    route(nats, request).then(
      (answer) => {
        audit(request, answer, started);
        send(response, answer.status, answer.body);
      },
      (error: unknown) => send(response, 500, { error: String(error) }),
    );
  });
  const auditTimer = setInterval(() => void flushAudit(), AUDIT_FLUSH_INTERVAL_MS);
  const port = Number(process.env['PORT'] ?? 4900);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  process.stdout.write(`baseline front on ${port}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  server.close();
  clearInterval(auditTimer);
  await flushAudit();
  await nats.drain();
  await db.end();
  return 0;
}
