import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './test-nats';

/**
 * A PostgreSQL cluster of its own for a fault test: initdb in a temp dir, its own port, trust
 * auth on 127.0.0.1, so the test may stop, kill and restart it without touching the machine's
 * cluster. PostgreSQL refuses to run as root, so as root the cluster belongs to `postgres`.
 */
export interface TestPostgres {
  port: number;
  /** Superuser URL (database postgres), for bootstrapDatabase and counting rows. */
  adminUrl: string;
  /** Stops the server (`fast`: sessions are cut, committed work is kept) and waits for it. */
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Stops and removes the cluster. */
  destroy(): void;
}

export function postgresBinDir(): string | undefined {
  if (process.env['PG_BIN_DIR']) return process.env['PG_BIN_DIR'];
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const newest = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest && join(root, newest, 'bin');
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL binaries (initdb, pg_ctl) found; set PG_BIN_DIR');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tf-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const result = spawnSync(command, argv, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    '-c max_connections=200',
  ].join(' ');
  const start = () =>
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitForConnection(adminUrl);
  return {
    port,
    adminUrl,
    stop: (mode = 'fast') => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    start,
    destroy: () => {
      spawnSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), [
        ...(asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
        '-D',
        data,
        '-m',
        'immediate',
        'stop',
      ]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForConnection(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
