/**
 * npm run demo [-- --url http://localhost:3000] [--seed 2026] [--concurrency 24] [--verbose]
 *
 * Builds three years of a tech-finance network's activity through the public REST API of a
 * running network, as its banks, analysts and buyers would: the Jinan center at the scale of the
 * seed article (1,831 patents valued ≈ ¥680M, 240 enterprises guaranteed ≈ ¥300M, ≈ ¥5B of tech
 * loans from its partner bank's tech branch, fund investments and trade deals), Liaocheng at a
 * fifth and Beijing at a tenth (plan.ts says how the figures are reached). Everything follows
 * from the seed; every write carries an Idempotency-Key made of the seed and the item, and what
 * the network already holds is looked up first, so a second run adds nothing. It ends with each
 * center's GET /api/v1/stats beside the article's figures. Exit 1 when the network is not up or
 * something the plan needed was refused (each refusal printed with its request and answer).
 * Environment: DEMO_ADMIN_USERNAME / DEMO_ADMIN_PASSWORD (the platform admin, admin by default),
 * DEMO_STATE_DIR (where the state file is kept, .demo/ by default; the bench uses a fresh one).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Center, type Run } from './context';
import { todayUtc } from './dates';
import { count, formatYuan, shortYuan } from './format';
import { Api, ApiError, describe, NetworkDown } from './http';
import { buildPlan, DEFAULT_SEED, type CenterPlan } from './plan';
import { Progress } from './progress';
import { changedSince, differences, settledStats, statsTable } from './report';
import { DemoState } from './state';
import { classify, closingSteps, followDefaultChain, type DefaultChain } from './steps/closing';
import { enterpriseSteps, registerEnterprises } from './steps/enterprises';
import { invest, investingSteps } from './steps/investing';
import { lend, lendingSteps, lendLinked, linkedSteps } from './steps/lending';
import {
  checkInstitution,
  raiseCreditCeiling,
  setUpCenter,
  setupSteps,
  setUpSmePartner,
} from './steps/setup';
import { trade, tradingSteps } from './steps/trading';

const ROOT = join(__dirname, '..', '..', '..');
const ADMIN = {
  username: process.env['DEMO_ADMIN_USERNAME'] ?? 'admin',
  password: process.env['DEMO_ADMIN_PASSWORD'] ?? 'admin-dev-password',
};

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      concurrency: { type: 'string', default: '24' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const url = values.url.replace(/\/$/, '');
  const seed = Number(values.seed);
  const concurrency = Number(values.concurrency);
  if (!Number.isSafeInteger(seed)) return usage(`--seed ${values.seed} is not an integer`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)
    return usage(`--concurrency ${values.concurrency} is not 1-256`);

  const started = Date.now();
  const api = new Api(url, concurrency);
  try {
    const network = await reach(api, url);
    if (!network) return 1;
    const today = todayUtc();
    const files = DemoState.load(process.env['DEMO_STATE_DIR'] ?? join(ROOT, '.demo'), url);
    const state = files.seed(seed, network.identity, today);
    files.save();
    const plan = buildPlan(seed, state.anchor);
    const progress = new Progress(() => api.requests);
    const run: Run = {
      api,
      progress,
      seed,
      anchor: state.anchor,
      today,
      files,
      state,
      platformToken: network.token,
      verbose: values.verbose,
    };
    process.stdout.write(
      `Demo of seed ${seed} against ${url} (${concurrency} requests in flight; dates count back from ${state.anchor}; state in ${files.location})\n\n`,
    );
    printPlan(plan.centers);
    const centers = plan.centers.map((c) => new Center(c, run));
    for (const center of centers)
      progress.plan(
        setupSteps(center) +
          enterpriseSteps(center) +
          lendingSteps(center) +
          investingSteps(center) +
          linkedSteps(center) +
          tradingSteps(center) +
          closingSteps(center),
      );
    await Promise.all(centers.map((center) => runCenter(center)));
    progress.phase('all', 'statistics');
    const stats = await settledStats(run, centers);
    const metrics = await fundMetrics(centers);
    progress.finish();
    const seconds = (Date.now() - started) / 1000;
    const previous = state.lastStats;
    state.lastStats = stats.network;
    files.save();
    return report(run, centers, stats, metrics, previous, seconds);
  } catch (error) {
    if (error instanceof NetworkDown) {
      process.stderr.write(`\nThe network stopped answering: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await api.close();
  }
}

function usage(problem: string): number {
  process.stderr.write(
    `${problem}\nusage: npm run demo [-- --url http://localhost:3000] [--seed 2026] [--concurrency 24] [--verbose]\n`,
  );
  return 1;
}

/** The gateway answers, and the platform admin can log in: else say so and stop. */
async function reach(
  api: Api,
  url: string,
): Promise<{ token: string; identity: string } | undefined> {
  const down = (why: string) => {
    process.stderr.write(
      `The network is not up at ${url}: ${why}.\n` +
        `Start it in another shell with \`npm start\` (or pass --url to reach another gateway), then run \`npm run demo\` again.\n`,
    );
    return undefined;
  };
  try {
    const live = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(3000) });
    if (!live.ok) return down(`GET /health/live answered ${live.status}`);
  } catch (error) {
    return down(`GET ${url}/health/live failed (${describe(error)})`);
  }
  try {
    const { accessToken } = await api.post<{ accessToken: string }>('/auth/token', {
      body: ADMIN,
    });
    const tenants = await api.get<{ items: { code: string; createdAt: string }[] }>('/tenants', {
      as: { token: accessToken },
    });
    const missing = ['jinan', 'liaocheng', 'beijing'].filter(
      (code) => !tenants.items.some((t) => t.code === code),
    );
    if (missing.length > 0) return down(`the centers ${missing.join(', ')} are not seeded`);
    const identity = tenants.items
      .map((t) => `${t.code}@${t.createdAt}`)
      .sort()
      .join(',');
    return { token: accessToken, identity };
  } catch (error) {
    if (error instanceof ApiError)
      return down(
        error.status === 401
          ? `the platform admin ${ADMIN.username} cannot log in (DEMO_ADMIN_USERNAME / DEMO_ADMIN_PASSWORD)`
          : `${error.method} ${error.path} answered ${error.status}`,
      );
    if (error instanceof NetworkDown) return down(error.message);
    throw error;
  }
}

/** One center, phase after phase; the three centers run side by side through one pool. */
async function runCenter(center: Center): Promise<void> {
  const { progress } = center.run;
  await setUpCenter(center);
  await Promise.all([raiseCreditCeiling(center), checkInstitution(center)]);
  await registerEnterprises(center);
  await setUpSmePartner(center);
  await lend(center);
  center.fundId = await center.attempt('the fund', () => invest(center));
  await lendLinked(center);
  await trade(center);
  await center.attempt('the classification run', () => classify(center));
  if (center.code === 'jinan')
    await center.attempt('the default chain', () => followDefaultChain(center));
  progress.phase(center.code, 'done');
}

function printPlan(plans: CenterPlan[]): void {
  const lines = ['The plan (from the seed):'];
  for (const p of plans) {
    const byProduct = new Map<string, { n: number; amount: number }>();
    for (const l of p.loans) {
      const e = byProduct.get(l.product) ?? { n: 0, amount: 0 };
      byProduct.set(l.product, { n: e.n + 1, amount: e.amount + l.principal });
    }
    const loans = [...byProduct]
      .map(([product, e]) => `${e.n} ${product} ${shortYuan(e.amount)}`)
      .join(', ');
    const t = p.targets;
    lines.push(
      `  ${p.spec.code} (×${p.spec.scale}): ${count(p.enterprises.length)} enterprises; ` +
        `${count(p.valuations.length)} pledge valuations of ${count(t.patentsValued)} patents ≈ ${shortYuan(t.valuedTotal)}; ` +
        `${count(t.enterprisesGuaranteed)} guarantees ${shortYuan(t.guaranteedAmount)}; ` +
        `loans ${shortYuan(t.loanAmount)} (${loans}); ` +
        `fund ${shortYuan(p.fund.size)} with ${p.deals.length} investments ${shortYuan(t.investedAmount)}; ` +
        `${p.listings.length} listings → ${shortYuan(t.tradedAmount)}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

interface Metrics {
  paidIn: string;
  nav: string;
  tvpi?: string;
  irr?: string;
  investments: number;
}

/** Each center's fund today (GET /funds/{id}/metrics), as its center admin reads it. */
async function fundMetrics(centers: Center[]): Promise<Map<string, Metrics>> {
  const metrics = new Map<string, Metrics>();
  await Promise.all(
    centers.map(async (c) => {
      if (!c.fundId) return;
      const m = await c.attempt('the fund metrics', () =>
        c.api.get<Metrics>(`/funds/${c.fundId}/metrics`, { as: c.centerAdmin.as }),
      );
      if (m) metrics.set(c.code, m);
    }),
  );
  return metrics;
}

function report(
  run: Run,
  centers: Center[],
  stats: Awaited<ReturnType<typeof settledStats>>,
  metrics: Map<string, Metrics>,
  previous: unknown,
  seconds: number,
): number {
  const out: string[] = [];
  out.push('', 'What the centers did (notes):');
  for (const c of centers) {
    for (const note of c.notes) out.push(`  ${c.code}: ${note}`);
    const m = metrics.get(c.code);
    if (m)
      out.push(
        `  ${c.code}: fund ${c.plan.fund.name}: ${m.investments} holdings, paid in ${shortYuan(m.paidIn)}, NAV ${shortYuan(m.nav)}, TVPI ${m.tvpi ?? '—'}, IRR ${m.irr ?? '—'} (GET /funds/{id}/metrics)`,
      );
  }

  out.push(
    '',
    'GET /api/v1/stats — as the platform admin, each center named with x-tenant-id (all centers: no center):',
    statsTable(stats.perCenter, stats.network),
    '  Liaocheng and Beijing are planned at a fifth and a tenth of the article’s Jinan figures.',
  );
  for (const c of centers) {
    const own = stats.perCenter.find((s) => s.tenant === c.code);
    const diff = own ? differences(own, c.plan, disposalSale(c)) : ['no statistics'];
    out.push(
      diff.length === 0
        ? `  ${c.code}: every figure is what the plan made ✓`
        : `  ${c.code}: differs from the plan: ${diff.join('; ')}`,
    );
  }
  const changes = changedSince(previous, stats.network);
  if (changes)
    out.push(
      changes.length === 0
        ? '  Unchanged since the previous run’s report ✓ (nothing was added twice)'
        : `  Changed since the previous run: ${changes.join('; ')}`,
    );

  const jinan = centers.find((c) => c.code === 'jinan');
  if (jinan) out.push('', ...defaultChainReport(jinan));

  const problems = centers.flatMap((c) => c.problems);
  if (problems.length > 0) {
    out.push('', `Refused (${problems.length}) — what the plan needed and the network said no to:`);
    for (const p of problems.slice(0, 40)) out.push(`  ${p.center}: ${p.what}\n      ${p.error}`);
    if (problems.length > 40) out.push(`  … and ${problems.length - 40} more`);
  }
  out.push(
    '',
    `${count(run.api.requests)} requests (${count(run.api.retries)} retried after 429/503) in ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s.`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return problems.length > 0 ? 1 : 0;
}

const chainOf = (center: Center): DefaultChain | undefined => {
  const kept = center.state.notes['defaultChain'];
  return kept ? (JSON.parse(kept) as DefaultChain) : undefined;
};

/** The default chain's disposal is a trade deal the plan's listings did not make. */
function disposalSale(center: Center): { deals: number; amount: number } {
  const price = chainOf(center)?.price;
  return price ? { deals: 1, amount: Number(price) } : { deals: 0, amount: 0 };
}

/** The default chain, stage by stage, as the public API answered (GET /loans, /guarantees, /listings). */
function defaultChainReport(center: Center): string[] {
  const chain = chainOf(center);
  const head =
    'The default chain (loan-defaulted → claim → disposal auction → collateral-sold → recoveries):';
  if (!chain) return [head, '  not followed: see the refusals below'];
  const yuan = (amount?: string) => (amount === undefined ? '—' : formatYuan(Number(amount)));
  const lines = [
    head,
    `  1. loan ${chain.loanId}, of the bank's historical book (appliedOn and disbursed ${chain.disbursedOn ?? '—'}), never repaid: defaulted on ${chain.defaultedOn ?? '—'}, ${chain.daysPastDue} days past due`,
    `  2. guarantee ${chain.guaranteeId ?? '—'} claimed: ${yuan(chain.claim)}, the institution paid the bank ${yuan(chain.payout)} (the bank keeps its 20 %)`,
    `  3. its counter-guaranteed patent auctioned (listing ${chain.listingId ?? '—'}, reserve ${yuan(chain.reserve)}): sold for ${yuan(chain.price)} (deal ${chain.dealId ?? '—'})`,
    `  4. recovered: ${yuan(chain.guaranteeRecovered)} on the guarantee's claim (now ${chain.guaranteeStatus ?? '—'}); the loan's principal recovered ${yuan(chain.loanRecovered)} (payout + the bank's share of the sale), ${yuan(chain.loanOutstanding)} outstanding, ${chain.loanStatus ?? '—'}`,
  ];
  if (chain.stoppedAt) lines.push(`  stopped: ${chain.stoppedAt}`);
  return lines;
}
