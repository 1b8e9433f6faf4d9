import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, dropTestDatabase, type TestDatabase } from '@tf/testing';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** What fixtures/tracing-probe.ts reports from a process of its own. */
async function probe(args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    process.execPath,
    [join(ROOT, 'tools', 'run-ts.cjs'), join(__dirname, 'fixtures', 'tracing-probe.ts'), ...args],
    { cwd: ROOT, env, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

/**
 * Tracing in a real Node process (Jest's module registry is not Node's, and pg's instrumentation
 * patches through Node's): off without OTEL_EXPORTER_OTLP_ENDPOINT, with nothing of the SDK
 * loaded; on, a query made in a handler's span is a pg span of the same trace.
 */
describe('tracing in a service process', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('tracing');
  });

  afterAll(async () => {
    if (db) await dropTestDatabase(db);
  });

  it('starts no SDK when OTEL_EXPORTER_OTLP_ENDPOINT is unset: no-op spans, no SDK module loaded', async () => {
    const env = { ...process.env };
    delete env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    delete env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
    expect(await probe(['off'], env)).toEqual({
      started: false,
      enabled: false,
      tracer: false,
      recording: false,
      sdkModules: 0,
    });
  });

  it("records a handler's query as a pg span in the handler's trace", async () => {
    const report = await probe(['on', db.ownerUrl], process.env);
    const spans = report['spans'] as {
      name: string;
      scope: string;
      traceId: string;
      spanId: string;
      parent?: string;
      statement?: string;
    }[];
    const handler = spans.find((s) => s.name === 'handler');
    const query = spans.find((s) => s.scope === '@opentelemetry/instrumentation-pg');
    expect(handler).toBeDefined();
    expect(query).toMatchObject({
      traceId: handler?.traceId,
      parent: handler?.spanId,
      statement: 'SELECT 1 AS one',
    });
  });
});
