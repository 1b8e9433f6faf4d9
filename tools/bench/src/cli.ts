/**
 * npm run bench [-- --quick] [--no-build] [--only <text>] [--pairs <n>]
 *
 * Builds the services, starts the network on its own database (techfinance_bench) and its own
 * nats-server, generates the dataset once, starts the raw baseline (./baseline) beside it, then
 * for each scenario runs the baseline and the network alternately: each pair a warm-up and a
 * measurement at saturation, then both at a fixed rate of half the baseline's saturation. Prints
 * a table, writes bench/results/<timestamp>.json, and exits 1 when a target is missed.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrapDatabase, withDatabase, withUser } from '@tf/platform';
import { startTestNats, type TestNats } from '@tf/testing';
import { Client } from 'pg';
import { baselineStatements } from './baseline/statements';
import { enterpriseIds, ensureDataset, valuationIds, type Dataset } from './dataset';
import { load } from './load';
import { rssMiB, RssSampler, start, stop, waitForHttp, type BenchProcess } from './processes';
import { PROJECT_WRITES, SCENARIOS, type Scenario, type ScenarioData } from './scenarios';
import {
  cpuCounters,
  judge,
  stealPercent,
  type Pair,
  type Run,
  type ScenarioVerdict,
} from './verdict';

const ROOT = join(__dirname, '..', '..', '..');
const DATABASE = 'techfinance_bench';
const GATEWAY_PORT = 4000;
const BASELINE_PORT = 4900;
const ADMIN = { username: 'bench.admin', password: 'bench admin password 2026' };
/** Every service process at rest, and the whole network (ARCHITECTURE.md's 1 GiB for five services). */
const MAX_SERVICE_RSS_MIB = 120;
const MAX_NETWORK_RSS_MIB = 1024;

/** As the Dockerfile runs the services (docs/performance.md, "Memory"). */
const SERVICE_NODE_OPTIONS = '--max-semi-space-size=8';

const PROFILES = {
  full: { pairs: 3, warmupSeconds: 3, seconds: 10 },
  quick: { pairs: 1, warmupSeconds: 1, seconds: 3 },
};

const say = (line: string) => process.stdout.write(`bench: ${line}\n`);

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      only: { type: 'string' },
      pairs: { type: 'string' },
    },
  });
  const profile = { ...PROFILES[values.quick ? 'quick' : 'full'] };
  if (values.pairs) profile.pairs = Number(values.pairs);
  const scenarios = SCENARIOS.filter((s) => !values.only || s.name.includes(values.only));
  if (!values['no-build']) {
    say('building the services (npm run build)');
    execSync('npm run build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }

  const nats = await startTestNats();
  const processes: BenchProcess[] = [];
  try {
    const db = await benchDatabase();
    const services = await startServices(db, nats, processes);
    const dataset = await ensureDataset({
      gateway: `http://127.0.0.1:${GATEWAY_PORT}`,
      admin: ADMIN,
      ownerUrl: db.owner,
      log: say,
    });
    const jinan = dataset.partners['jinan'];
    if (!jinan) throw new Error('the dataset has no bench bank in jinan');
    await startBaseline(db, nats, jinan, processes);

    say('letting the network settle, then reading its memory at rest');
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const rest = Object.fromEntries(
      processes.map((proc) => [proc.name, round(rssMiB(proc.child.pid))]),
    );
    const sampler = new RssSampler(() => processes);
    sampler.start();

    const data = await scenarioData(db.owner, dataset);
    const verdicts: ScenarioVerdict[] = [];
    for (const scenario of scenarios) {
      say(`${scenario.name}: ${scenario.description}`);
      verdicts.push(await measure(scenario, data, profile));
    }
    const peak = sampler.stop();
    const checks = [
      ...memoryChecks(rest, services),
      ...(scenarios.some((s) => s.writes) ? await writeChecks(db.owner, data) : []),
    ];
    const report = {
      at: new Date().toISOString(),
      command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
      host: { cpus: cpus().length, memoryGiB: round(totalmem() / 2 ** 30) },
      profile,
      scenarios: verdicts.map((v) => ({
        name: v.name,
        project: pick(v.project),
        ...(v.baseline ? { baseline: pick(v.baseline) } : {}),
        ratio: v.ratio ?? null,
        p99Ratio: v.p99Ratio ?? null,
        target: v.target,
        pass: v.pass,
        reasons: v.reasons,
        pairs: v.pairs,
      })),
      rss: {
        atRest: rest,
        peak: Object.fromEntries(Object.entries(peak).map(([k, v]) => [k, round(v)])),
      },
      checks,
    };
    printTable(report.scenarios, checks, rest, report.rss.peak);
    const file = writeResults(report);
    say(`results: ${file}`);
    const failed = [...verdicts.filter((v) => !v.pass), ...checks.filter((c) => !c.pass)];
    say(failed.length === 0 ? 'every target met' : `${failed.length} target(s) missed`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    await stop(processes);
    await nats.stop();
  }
}

interface BenchDatabase {
  runtime: string;
  owner: string;
}

async function benchDatabase(): Promise<BenchDatabase> {
  const admin = process.env['DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const owner = { user: 'tf_owner', password: 'tf_owner' };
  const runtime = { user: 'tf_app', password: 'tf_app' };
  await bootstrapDatabase({ adminUrl: admin, database: DATABASE, owner, runtime });
  const base = withDatabase(admin, DATABASE);
  return {
    runtime: withUser(base, runtime.user, runtime.password),
    owner: withUser(base, owner.user, owner.password),
  };
}

/** Every built service, in production mode, on the bench's database and nats-server. */
async function startServices(
  db: BenchDatabase,
  nats: TestNats,
  processes: BenchProcess[],
): Promise<string[]> {
  const dist = join(ROOT, 'dist', 'services');
  const names = readdirSync(dist).filter((name) => existsSync(join(dist, name, 'main.js')));
  // Domain services first: the gateway's first calls find them answering.
  names.sort((a, b) => Number(a === 'gateway') - Number(b === 'gateway'));
  let nextPort = 4101;
  for (const name of names) {
    const port = name === 'gateway' ? GATEWAY_PORT : nextPort++;
    const proc = start(name, [join(dist, name, 'main.js')], {
      PATH: process.env['PATH'],
      NODE_ENV: 'production',
      NODE_OPTIONS: SERVICE_NODE_OPTIONS,
      LOG_LEVEL: 'warn',
      SERVICE_NAME: name,
      PORT: String(port),
      MANAGEMENT_PORT: '0',
      DATABASE_URL: db.runtime,
      DATABASE_MIGRATION_URL: db.owner,
      NATS_URL: nats.url,
      JWT_SECRET: 'bench-only-jwt-secret-0123456789abcdef',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      // The bench is one client sending thousands a second: limits would only measure 429s.
      RATE_LIMIT_PER_MINUTE: '1000000000',
      AUTH_FAILURES_PER_MINUTE: '1000000',
    });
    processes.push(proc);
    await waitForHttp(`http://127.0.0.1:${port}/health/live`, proc);
  }
  say(`network up: ${names.join(', ')}`);
  return names;
}

async function startBaseline(
  db: BenchDatabase,
  nats: TestNats,
  bank: Dataset['partners'][string],
  processes: BenchProcess[],
): Promise<void> {
  const sqlFile = join(tmpdir(), `tf-bench-sql-${process.pid}.json`);
  writeFileSync(sqlFile, JSON.stringify(await baselineStatements()));
  const env = {
    PATH: process.env['PATH'],
    NODE_ENV: 'production',
    DATABASE_URL: db.runtime,
    NATS_URL: nats.url,
    BENCH_SQL_FILE: sqlFile,
    BENCH_TENANT: 'jinan',
    BENCH_PARTNER_ID: bank.partnerId,
    BENCH_API_KEY_ID: bank.apiKeyId,
    PORT: String(BASELINE_PORT),
  };
  const runner = join(ROOT, 'tools', 'run-ts.cjs');
  const back = start('baseline-back', [runner, join(__dirname, 'baseline', 'back.ts')], env);
  processes.push(back);
  await waitForLine(back, 'baseline back ready');
  const front = start('baseline-front', [runner, join(__dirname, 'baseline', 'front.ts')], env);
  processes.push(front);
  await waitForHttp(`http://127.0.0.1:${BASELINE_PORT}/health`, front);
  say('baseline up');
}

async function waitForLine(proc: BenchProcess, line: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!proc.output.includes(line)) {
    if (proc.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`${proc.name} did not start:\n${proc.output.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function scenarioData(ownerUrl: string, dataset: Dataset): Promise<ScenarioData> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const bank = dataset.partners['jinan'];
    if (!bank) throw new Error('no bench bank in jinan');
    return {
      apiKey: bank.apiKey,
      enterpriseIds: await enterpriseIds(owner, 'jinan', 10_000),
      valuationIds: await valuationIds(owner, 'jinan', bank.partnerId, 10_000),
      runTag: `bench-${Date.now().toString(36)}`,
    };
  } finally {
    await owner.end();
  }
}

/** The scenario's pairs: baseline then project at saturation, then both at a fixed rate. */
async function measure(
  scenario: Scenario,
  data: ScenarioData,
  profile: { pairs: number; warmupSeconds: number; seconds: number },
): Promise<ScenarioVerdict> {
  const project = `http://127.0.0.1:${GATEWAY_PORT}`;
  const baseline = `http://127.0.0.1:${BASELINE_PORT}`;
  const run = async (url: string, side: Scenario['project'], rate?: number): Promise<Run> => {
    const common = { url, side, data, connections: scenario.connections };
    await load({ ...common, seconds: profile.warmupSeconds, ...(rate ? { rate } : {}) });
    return load({ ...common, seconds: profile.seconds, ...(rate ? { rate } : {}) });
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < profile.pairs; i++) {
    const before = cpuCounters(readFileSync('/proc/stat', 'utf8'));
    const pair: Pair = {
      project: { saturation: { rps: 0, p50: 0, p99: 0, errors: 0 } },
      stealPercent: 0,
    };
    if (scenario.baseline) {
      const saturation = await run(baseline, scenario.baseline);
      pair.baseline = { saturation };
      pair.project.saturation = await run(project, scenario.project);
      if (scenario.target.kind === 'ratio' && scenario.target.p99Factor !== undefined) {
        const rate = saturation.rps / 2;
        pair.baseline.fixedRate = await run(baseline, scenario.baseline, rate);
        pair.project.fixedRate = await run(project, scenario.project, rate);
      }
    } else {
      pair.project.saturation = await run(project, scenario.project);
    }
    pair.stealPercent = stealPercent(before, cpuCounters(readFileSync('/proc/stat', 'utf8')));
    say(
      `  pair ${i + 1}: network ${pair.project.saturation.rps.toFixed(0)} req/s` +
        (pair.baseline ? `, baseline ${pair.baseline.saturation.rps.toFixed(0)} req/s` : '') +
        `, steal ${pair.stealPercent.toFixed(1)}%`,
    );
    pairs.push(pair);
  }
  return judge(scenario.name, scenario.target, pairs);
}

interface Check {
  name: string;
  measured: string;
  target: string;
  pass: boolean;
}

function memoryChecks(rest: Record<string, number>, services: string[]): Check[] {
  const network = services.reduce((sum, name) => sum + (rest[name] ?? 0), 0);
  return [
    ...services.map((name) => ({
      name: `${name} RSS at rest`,
      measured: `${rest[name]} MiB`,
      target: `≤ ${MAX_SERVICE_RSS_MIB} MiB`,
      pass: (rest[name] ?? Infinity) <= MAX_SERVICE_RSS_MIB,
    })),
    {
      name: `network RSS at rest (${services.length} processes)`,
      measured: `${round(network)} MiB`,
      target: `≤ ${MAX_NETWORK_RSS_MIB} MiB`,
      pass: network <= MAX_NETWORK_RSS_MIB,
    },
  ];
}

/** After the write runs: one row per key answered, repeats replayed, an outbox row per row. */
async function writeChecks(ownerUrl: string, data: ScenarioData): Promise<Check[]> {
  // Requests still in flight when a run stopped finish first.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query('BEGIN');
    await owner.query(`SELECT set_config('app.tenant_id', 'jinan', true)`);
    const rows = await owner.query<{ n: number; names: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT name)::int AS names FROM tenancy.enterprises
       WHERE name LIKE $1`,
      [`${data.runTag}-project enterprise %`],
    );
    // The event names the enterprise; its envelope is protobuf, whose strings are plain UTF-8.
    const events = await owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tenancy.outbox
       WHERE type = 'enterprise-registered' AND position(convert_to($1, 'UTF8') IN envelope) > 0`,
      [`${data.runTag}-project enterprise `],
    );
    await owner.query('COMMIT');
    const written = rows.rows[0]?.n ?? 0;
    const distinct = rows.rows[0]?.names ?? 0;
    const outbox = events.rows[0]?.n ?? 0;
    const answered = PROJECT_WRITES.answered.size;
    return [
      {
        name: 'Idempotency-Keys: one row per key',
        measured: `${written} rows (${distinct} distinct) for ${answered} keys answered 2xx`,
        target: 'rows = keys, none twice',
        pass: written === distinct && written >= answered && answered > 0,
      },
      {
        name: 'outbox rows = writes',
        measured: `${outbox} events for ${written} rows`,
        target: 'one per row written',
        pass: outbox === written && written > 0,
      },
    ];
  } finally {
    await owner.end();
  }
}

function pick(run: Run): { rps: number; p50: number; p99: number; errors: number } {
  return { rps: round(run.rps), p50: run.p50, p99: run.p99, errors: run.errors };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function printTable(
  scenarios: {
    name: string;
    project: Run;
    baseline?: Run;
    ratio: number | null;
    p99Ratio: number | null;
    target: Scenario['target'];
    pass: boolean;
    reasons: string[];
  }[],
  checks: Check[],
  rest: Record<string, number>,
  peak: Record<string, number>,
): void {
  const rows = [
    [
      'scenario',
      'network req/s',
      'p50',
      'p99',
      'baseline req/s',
      'p50',
      'p99',
      'ratio',
      'p99 @ rate',
      'target',
      '',
    ],
    ...scenarios.map((s) => [
      s.name,
      s.project.rps.toFixed(0),
      `${s.project.p50}`,
      `${s.project.p99}`,
      s.baseline ? s.baseline.rps.toFixed(0) : '-',
      s.baseline ? `${s.baseline.p50}` : '-',
      s.baseline ? `${s.baseline.p99}` : '-',
      s.ratio === null ? '-' : s.ratio.toFixed(2),
      s.p99Ratio === null ? '-' : `${s.p99Ratio.toFixed(2)}×`,
      s.target.kind === 'ratio'
        ? `≥ ${s.target.ratio}${s.target.p99Factor ? `, p99 ≤ ${s.target.p99Factor}×` : ''}`
        : `≥ ${s.target.rps}/s`,
      s.pass ? 'pass' : 'FAIL',
    ]),
  ];
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  process.stdout.write('\n');
  for (const row of rows)
    process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}\n`);
  process.stdout.write(
    '(latencies in ms; ratio = network req/s ÷ baseline req/s, median of the pairs)\n\n',
  );
  for (const check of checks)
    process.stdout.write(
      `${check.pass ? 'pass' : 'FAIL'}  ${check.name}: ${check.measured} (${check.target})\n`,
    );
  process.stdout.write(
    `\nRSS MiB at rest: ${JSON.stringify(rest)}\nRSS MiB peak:    ${JSON.stringify(peak)}\n`,
  );
  for (const s of scenarios.filter((x) => !x.pass))
    process.stdout.write(`FAIL ${s.name}: ${s.reasons.join('; ')}\n`);
  process.stdout.write('\n');
}

function writeResults(report: unknown): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
