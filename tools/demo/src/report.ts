import type { Center, Run } from './context';
import { count, pad, shortYuan } from './format';
import { sleep } from './http';
import { ARTICLE, type CenterPlan } from './plan';

export interface CenterStats {
  tenant: string;
  patentsValued: number;
  valuedTotal: string;
  enterprisesGuaranteed: number;
  guaranteedAmount: string;
  loans: number;
  loanAmount: string;
  loansOutstanding: string;
  nplRatio?: string | null;
  nplAsOf?: string | null;
  investments: number;
  investedAmount: string;
  tradeDeals: number;
  tradedAmount: string;
  updatedAt?: string | null;
}

type Totals = Omit<CenterStats, 'tenant' | 'nplAsOf' | 'updatedAt'>;

export interface NetworkStats {
  centers: CenterStats[];
  total: Totals;
}

const COMPARED = [
  'patentsValued',
  'valuedTotal',
  'enterprisesGuaranteed',
  'guaranteedAmount',
  'loans',
  'loanAmount',
  'loansOutstanding',
  'investments',
  'investedAmount',
  'tradeDeals',
  'tradedAmount',
] as const;

/**
 * The figures follow the services' events within moments: read them until every center shows
 * what its plan made (or they stop moving for 3 s; 30 s at most), then once more per center,
 * as a platform admin naming it.
 */
export async function settledStats(
  run: Run,
  centers: Center[],
): Promise<{
  perCenter: CenterStats[];
  network: NetworkStats;
}> {
  const as = { token: run.platformToken };
  const deadline = Date.now() + 30_000;
  let last = '';
  let stableSince = Date.now();
  for (;;) {
    const network = await run.api.get<NetworkStats>('/stats', { as });
    const text = JSON.stringify(network.centers.map(({ updatedAt: _u, ...c }) => c));
    if (text !== last) stableSince = Date.now();
    last = text;
    const done = centers.every((center) => {
      const stats = network.centers.find((c) => c.tenant === center.code);
      return stats !== undefined && differences(stats, center.plan).length === 0;
    });
    if (done || Date.now() - stableSince >= 3000 || Date.now() > deadline) break;
    await sleep(500);
  }
  const perCenter = await Promise.all(
    centers.map((c) =>
      run.api.get<CenterStats>('/stats', { as: { token: run.platformToken, tenant: c.code } }),
    ),
  );
  const network = await run.api.get<NetworkStats>('/stats', { as });
  return { perCenter, network };
}

/** What a center's figures differ in from what its plan made. */
export function differences(
  stats: CenterStats,
  plan: CenterPlan,
  disposals: { deals: number; amount: number } = { deals: 0, amount: 0 },
): string[] {
  const t = {
    ...plan.targets,
    tradeDeals: plan.targets.tradeDeals + disposals.deals,
    tradedAmount: Math.round((plan.targets.tradedAmount + disposals.amount) * 100) / 100,
  };
  const out: string[] = [];
  const exact = (field: keyof CenterStats, want: number) => {
    if (Number(stats[field]) !== want) out.push(`${field} ${stats[field]} (planned ${want})`);
  };
  exact('patentsValued', t.patentsValued);
  exact('enterprisesGuaranteed', t.enterprisesGuaranteed);
  exact('guaranteedAmount', t.guaranteedAmount);
  exact('loans', t.loans);
  exact('loanAmount', t.loanAmount);
  exact('investments', t.investments);
  exact('investedAmount', t.investedAmount);
  exact('tradeDeals', t.tradeDeals);
  exact('tradedAmount', t.tradedAmount);
  // Each patent's value is rounded to the cent by the service: a few yuan either way.
  if (Math.abs(Number(stats.valuedTotal) - t.valuedTotal) > 1000)
    out.push(`valuedTotal ${stats.valuedTotal} (planned ≈ ${t.valuedTotal.toFixed(2)})`);
  return out;
}

export function statsTable(perCenter: CenterStats[], network: NetworkStats): string {
  const of = (code: string) => perCenter.find((c) => c.tenant === code);
  const j = of('jinan');
  const l = of('liaocheng');
  const b = of('beijing');
  const t = network.total;
  const rows: [string, (c: Totals) => string, string][] = [
    ['patents valued', (c) => count(c.patentsValued), count(ARTICLE.patentsValued)],
    [
      'their approved value',
      (c) => shortYuan(c.valuedTotal),
      `≈ ${shortYuan(ARTICLE.valuedTotal)}`,
    ],
    [
      'enterprises guaranteed',
      (c) => count(c.enterprisesGuaranteed),
      count(ARTICLE.enterprisesGuaranteed),
    ],
    [
      'guaranteed amount',
      (c) => shortYuan(c.guaranteedAmount),
      `≈ ${shortYuan(ARTICLE.guaranteedAmount)}`,
    ],
    ['loans disbursed', (c) => count(c.loans), ''],
    ['loan amount', (c) => shortYuan(c.loanAmount), `≈ ${shortYuan(ARTICLE.loanAmount)}`],
    ['outstanding', (c) => shortYuan(c.loansOutstanding), ''],
    ['NPL ratio', (c) => c.nplRatio ?? '—', ''],
    ['investments', (c) => `${count(c.investments)} · ${shortYuan(c.investedAmount)}`, ''],
    ['trade deals', (c) => `${count(c.tradeDeals)} · ${shortYuan(c.tradedAmount)}`, ''],
  ];
  const widths = [24, 16, 22, 16, 16, 16];
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 0))
      .join('')
      .trimEnd();
  const out = [
    line(['', 'jinan', 'article (Jinan)', 'liaocheng', 'beijing', 'all centers']),
    ...rows.map(([label, value, article]) =>
      line([label, j ? value(j) : '?', article, l ? value(l) : '?', b ? value(b) : '?', value(t)]),
    ),
  ];
  const asOf = perCenter.find((c) => c.nplAsOf)?.nplAsOf;
  if (asOf) out.push(`(NPL ratio as of the classification run of ${asOf})`);
  return out.map((row) => `  ${row}`).join('\n');
}

/** The figures that changed since the previous run's report, if any. */
export function changedSince(previous: unknown, now: NetworkStats): string[] | undefined {
  const before = previous as NetworkStats | undefined;
  if (!before?.centers) return undefined;
  const changes: string[] = [];
  for (const c of now.centers) {
    const old = before.centers.find((o) => o.tenant === c.tenant);
    if (!old) continue;
    for (const field of COMPARED)
      if (String(old[field]) !== String(c[field]))
        changes.push(`${c.tenant}.${field}: ${old[field]} → ${c[field]}`);
  }
  return changes;
}
