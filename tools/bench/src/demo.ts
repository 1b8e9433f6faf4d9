import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Drops a database (its connections closed) and leaves it to be created empty. */
export async function recreateDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * The rows of every table of the services' schemas, exactly (count(*), as the superuser, whom
 * row-level security does not filter): before and after the demo, what it wrote.
 */
export async function rowsIn(
  url: string,
): Promise<{ total: number; bySchema: Record<string, number> }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const tables = await db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const bySchema: Record<string, number> = {};
    for (const { schema, name } of tables.rows) {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${schema}"."${name}"`,
      );
      bySchema[schema] = (bySchema[schema] ?? 0) + Number(rows[0]?.n ?? 0);
    }
    return { total: Object.values(bySchema).reduce((a, b) => a + b, 0), bySchema };
  } finally {
    await db.end();
  }
}

/**
 * `npm run demo` as a user runs it (its own process, its progress on the terminal), against the
 * bench's gateway, logging in as the bench's platform admin, its state in a temporary directory
 * so that it starts from nothing. Returns its wall time and exit code, and the requests it made
 * (read from its last line).
 */
export async function runDemo(options: {
  root: string;
  gateway: string;
  admin: { username: string; password: string };
  log: (line: string) => void;
}): Promise<{ seconds: number; exitCode: number; requests: number }> {
  const state = mkdtempSync(join(tmpdir(), 'tf-bench-demo-'));
  const started = process.hrtime.bigint();
  try {
    const output: string[] = [];
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          join(options.root, 'tools', 'run-ts.cjs'),
          join(options.root, 'tools', 'demo', 'src', 'cli.ts'),
          '--url',
          options.gateway,
        ],
        {
          cwd: options.root,
          env: {
            ...process.env,
            DEMO_ADMIN_USERNAME: options.admin.username,
            DEMO_ADMIN_PASSWORD: options.admin.password,
            DEMO_STATE_DIR: state,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      child.stdout.on('data', (chunk: Buffer) => {
        process.stdout.write(chunk);
        output.push(chunk.toString());
      });
      child.on('error', reject);
      child.on('exit', (code) => resolve(code ?? 1));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const requests = Number(
      /([\d,]+) requests \(/.exec(output.join(''))?.[1]?.replace(/,/g, '') ?? 0,
    );
    return { seconds, exitCode, requests };
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}
