import { validCreditCode } from '@tf/testing';
import type { Request } from 'autocannon';
import { nextApproval, type ApprovalPools } from './approvals';
import { fivePatents } from './dataset';
import { SEARCH_WORDS, type HotAuctions } from './listings';
import { nextApplication, type LoanPools } from './loan-pools';
import { resetClassification } from './loans';
import type { Target } from './verdict';

/** What a scenario's requests may draw on: the dataset's ids and the bench bank's key. */
export interface ScenarioData {
  apiKey: string;
  enterpriseIds: string[];
  valuationIds: string[];
  /** The bench bank (the lender of its guarantees), its pending guarantees, its approved pledge. */
  partnerId: string;
  guaranteeIds: string[];
  pledgeValuationId: string;
  /** A tag for the rows this run writes, so they can be counted afterwards. */
  runTag: string;
  /** The Jinan analyst's staff token, and whom it names. */
  analyst: { token: string; userId: string };
  /** Pending guarantees to approve, one pool per side (written for the run: approvals.ts). */
  approvals?: ApprovalPools;
  /** The bench fund: 200 investments, 2,000 flows (funds.ts). */
  fundId: string;
  /** Active loans of the bench bank (loans.ts). */
  loanIds: string[];
  /** Patents and guarantees to lend against, one pool per side (written for the run: loan-pools.ts). */
  loanPools?: LoanPools;
  /** One auction per side for this run's bidders (listings.ts). */
  hotAuctions?: HotAuctions;
}

/** How a scenario calls one side (the network, or the baseline). */
export interface Side {
  /** Made anew before each request (autocannon's setupRequest); `context` is the connection's. */
  request: (data: ScenarioData, context: Record<string, unknown>) => Request;
  /** Sees each answer's status with the connection's context (what the request put there). */
  answered?: (status: number, context: Record<string, unknown>) => void;
  /**
   * Statuses a race gives by design, counted apart rather than as errors: a bid overtaken by a
   * higher one still in flight is refused (422), on both sides alike.
   */
  refusals?: number[];
}

/** The keys a write scenario sent, and those answered 2xx: each must have made exactly one row. */
export interface WriteLog {
  prefix: string;
  answered: Set<string>;
}

export interface Scenario {
  name: string;
  description: string;
  target: Target;
  /** Connections at saturation; the report renders PDFs, which queue past a few. */
  connections: number;
  project: Side;
  baseline?: Side;
  /** Checks the rows the run wrote (an invariant), after the project's runs. */
  writes?: boolean;
  /** Needs a pool of pending guarantees per side, prepared before the warm-up (approvals.ts). */
  approvals?: boolean;
  /** Needs pledges and guarantees to lend against, per side (loan-pools.ts). */
  loanPools?: boolean;
  /** Needs an auction per side to bid on (listings.ts). */
  hotAuctions?: boolean;
  /**
   * A batch job rather than a stream of requests: each measurement is one request, and its
   * throughput is `items` of its answer per second (cli.ts runs it; no warm-up, no fixed rate).
   */
  batch?: { items: (answer: unknown) => number; reset: (ownerUrl: string) => Promise<void> };
}

/** The day the fund's metrics are read at: after every flow and entry of the fixture. */
const FUND_AS_OF = '2025-12-31';

const pick = <T>(items: readonly T[]): T => {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('the dataset has no ids for this scenario');
  return item;
};

const json = (apiKey?: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(apiKey ? { 'x-api-key': apiKey } : {}),
});

/**
 * POST /enterprises with an Idempotency-Key. Every tenth request repeats one sent 500 requests
 * earlier (same key, same body: long finished at 64 connections), which must be replayed, not
 * written again: the run then counts one row per distinct key.
 */
export function enterpriseWrites(side: 'project' | 'baseline', log: WriteLog): Side {
  const sent: { key: string; body: string }[] = [];
  return {
    request: (data, context) => {
      const repeat =
        sent.length > 500 && sent.length % 10 === 9 ? sent[sent.length - 500] : undefined;
      const next = repeat ?? {
        key: `${data.runTag}-${side}-${sent.length}`,
        body: JSON.stringify({
          creditCode: validCreditCode(),
          name: `${data.runTag}-${side} enterprise ${sent.length}`,
          industry: 'integrated-circuits',
        }),
      };
      sent.push(next);
      context['key'] = next.key;
      return {
        method: 'POST',
        path: '/api/v1/enterprises',
        headers: {
          ...json(side === 'project' ? data.apiKey : undefined),
          'idempotency-key': next.key,
        },
        body: next.body,
      };
    },
    answered: (status, context) => {
      if (side === 'project' && status >= 200 && status < 300)
        log.answered.add(String(context['key']));
    },
  };
}

/** A bank's application: ¥10,000-¥990,000 at 50 %, the bench pledge as counter-guarantee. */
function guaranteeApplication(data: ScenarioData, apiKey?: string): Request {
  return {
    method: 'POST',
    path: '/api/v1/guarantees',
    headers: json(apiKey),
    body: JSON.stringify({
      enterpriseId: pick(data.enterpriseIds),
      lenderPartnerId: data.partnerId,
      principal: String(10_000 * (1 + Math.floor(Math.random() * 99))),
      termMonths: 12,
      coverageRatio: '0.5',
      counterGuarantees: [{ kind: 'ip_pledge', valuationId: data.pledgeValuationId }],
    }),
  };
}

/** An analyst approves the next pending guarantee of the side's pool. */
function approval(side: 'project' | 'baseline'): Side {
  return {
    request: (data) => {
      if (!data.approvals) throw new Error('the approval scenario has no pool of guarantees');
      // Past the pool's end, an id that is nobody's: its 404 fails the run, and the check says why.
      const id = nextApproval(data.approvals, side) ?? '00000000-0000-7000-8000-000000000000';
      return {
        method: 'POST',
        path: `/api/v1/guarantees/${id}/approve`,
        headers:
          side === 'project'
            ? { authorization: `Bearer ${data.analyst.token}` }
            : { 'x-bench-analyst': data.analyst.userId },
      };
    },
  };
}

/**
 * A repayment of ¥10 on one of the bench bank's active loans, today, with an Idempotency-Key;
 * every tenth repeats one sent 500 requests earlier, which must be replayed.
 */
function repayments(side: 'project' | 'baseline'): Side {
  const sent: { key: string; loan: string }[] = [];
  const today = new Date().toISOString().slice(0, 10);
  return {
    request: (data) => {
      const repeat =
        sent.length > 500 && sent.length % 10 === 9 ? sent[sent.length - 500] : undefined;
      const next = repeat ?? {
        key: `${data.runTag}-${side}-repay-${sent.length}`,
        loan: pick(data.loanIds),
      };
      sent.push(next);
      return {
        method: 'POST',
        path: `/api/v1/loans/${next.loan}/repayments`,
        headers: {
          ...json(side === 'project' ? data.apiKey : undefined),
          'idempotency-key': next.key,
        },
        body: JSON.stringify({ amount: '10.00', paidOn: today }),
      };
    },
  };
}

/** A bank's application, each with its own patent (ip-pledge) or guarantee (guaranteed), alternately. */
function applications(side: 'project' | 'baseline'): Side {
  let sent = 0;
  return {
    request: (data) => {
      if (!data.loanPools) throw new Error('the application scenario has no pools');
      return {
        method: 'POST',
        path: '/api/v1/loan-applications',
        headers: {
          ...json(side === 'project' ? data.apiKey : undefined),
          'idempotency-key': `${data.runTag}-${side}-apply-${sent++}`,
        },
        body: JSON.stringify(nextApplication(data.loanPools, side)),
      };
    },
  };
}

/** The book classified as of today (the day's run removed before each measurement). */
function classification(side: 'project' | 'baseline'): Side {
  return {
    request: (data) => ({
      method: 'POST',
      path: '/api/v1/credit/classification-runs',
      headers:
        side === 'project' ? { ...json(), authorization: `Bearer ${data.analyst.token}` } : json(),
      body: JSON.stringify({ asOf: new Date().toISOString().slice(0, 10) }),
    }),
  };
}

/** What the project's write runs were answered, for the invariant check after them. */
export const PROJECT_WRITES: WriteLog = { prefix: 'project', answered: new Set() };

export const SCENARIOS: Scenario[] = [
  {
    name: 'GET /enterprises/{id}',
    description: 'a read by id with an API key',
    target: { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 },
    connections: 64,
    project: {
      request: (data) => ({
        method: 'GET',
        path: `/api/v1/enterprises/${pick(data.enterpriseIds)}`,
        headers: json(data.apiKey),
      }),
    },
    baseline: {
      request: (data) => ({
        method: 'GET',
        path: `/api/v1/enterprises/${pick(data.enterpriseIds)}`,
      }),
    },
  },
  {
    name: 'POST /enterprises',
    description: 'a write with an Idempotency-Key (every tenth a repeat)',
    target: { kind: 'ratio', ratio: 0.65, p99Factor: 1.5 },
    connections: 64,
    project: enterpriseWrites('project', PROJECT_WRITES),
    baseline: enterpriseWrites('baseline', { prefix: 'baseline', answered: new Set() }),
    writes: true,
  },
  {
    name: 'GET /valuations/{id}',
    description: 'a read by id: the valuation and its 5 assets',
    target: { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 },
    connections: 64,
    project: {
      request: (data) => ({
        method: 'GET',
        path: `/api/v1/valuations/${pick(data.valuationIds)}`,
        headers: json(data.apiKey),
      }),
    },
    baseline: {
      request: (data) => ({
        method: 'GET',
        path: `/api/v1/valuations/${pick(data.valuationIds)}`,
        headers: {},
      }),
    },
  },
  {
    name: 'POST /valuations',
    description: 'a valuation of 5 patents, computed and stored',
    target: { kind: 'ratio', ratio: 0.5 },
    connections: 64,
    project: {
      request: (data) => ({
        method: 'POST',
        path: '/api/v1/valuations',
        headers: json(data.apiKey),
        body: JSON.stringify(fivePatents(pick(data.enterpriseIds))),
      }),
    },
    baseline: {
      request: (data) => ({
        method: 'POST',
        path: '/api/v1/valuations',
        headers: json(),
        body: JSON.stringify(fivePatents(pick(data.enterpriseIds))),
      }),
    },
  },
  {
    name: 'GET /guarantees/{id}',
    description: "a read by id: a bank's own guarantee",
    target: { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 },
    connections: 64,
    project: {
      request: (data) => ({
        method: 'GET',
        path: `/api/v1/guarantees/${pick(data.guaranteeIds)}`,
        headers: json(data.apiKey),
      }),
    },
    baseline: {
      request: (data) => ({ method: 'GET', path: `/api/v1/guarantees/${pick(data.guaranteeIds)}` }),
    },
  },
  {
    name: 'POST /guarantees',
    description: 'an application with a patent pledge: enterprise, pledge value, limits, insert',
    target: { kind: 'ratio', ratio: 0.65, p99Factor: 1.5 },
    connections: 64,
    project: { request: (data) => guaranteeApplication(data, data.apiKey) },
    baseline: { request: (data) => guaranteeApplication(data) },
  },
  {
    name: 'POST /guarantees/{id}/approve',
    description:
      "20 analysts' approvals at once on one institution: its row locked, limits checked, capacity reserved",
    target: { kind: 'ratio', ratio: 0.65, p99Factor: 1.5 },
    connections: 20,
    project: approval('project'),
    baseline: approval('baseline'),
    approvals: true,
  },
  {
    name: 'GET /loans/{id}',
    description: "a read by id: a bank's own loan, its schedule read for today's payoff",
    target: { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 },
    connections: 64,
    project: {
      request: (data) => ({
        method: 'GET',
        path: `/api/v1/loans/${pick(data.loanIds)}`,
        headers: json(data.apiKey),
      }),
    },
    baseline: {
      request: (data) => ({ method: 'GET', path: `/api/v1/loans/${pick(data.loanIds)}` }),
    },
  },
  {
    name: 'GET /funds/{id}/metrics',
    description:
      "a fund's returns as of a day: 200 investments' ledgers and 2,000 dated flows folded, XIRR solved (an analyst's token)",
    target: { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 },
    connections: 64,
    project: {
      request: (data) => ({
        method: 'GET',
        path: `/api/v1/funds/${data.fundId}/metrics?asOf=${FUND_AS_OF}`,
        headers: { authorization: `Bearer ${data.analyst.token}` },
      }),
    },
    baseline: {
      request: (data) => ({
        method: 'GET',
        path: `/api/v1/funds/${data.fundId}/metrics?asOf=${FUND_AS_OF}`,
      }),
    },
  },
  {
    name: 'GET /enterprises/{id}/overview',
    description:
      "an enterprise and its valuations, guarantees, loans, investments and listings: five services asked at once (a bank's key)",
    target: { kind: 'ratio', ratio: 0.4 },
    connections: 64,
    project: overview(),
    baseline: overview(),
  },
  {
    name: 'GET /listings?q=',
    description:
      "a search of the center's 12,000 published listings by a word of the title, a page of 20 with their patents (a bank's key)",
    target: { kind: 'ratio', ratio: 0.6, p99Factor: 1.5 },
    connections: 64,
    project: listingSearch(),
    baseline: listingSearch(),
  },
  {
    name: 'POST /listings/{id}/bids',
    description:
      'bids on one hot auction by 64 bidders at once, each ¥1 above the last sent: serialised by the listing row (a bid overtaken in flight is refused, 422)',
    target: { kind: 'ratio', ratio: 0.65, p99Factor: 1.5 },
    connections: 64,
    project: hotBids('project'),
    baseline: hotBids('baseline'),
    hotAuctions: true,
  },
  {
    name: 'POST /loan-applications',
    description:
      'an application with an Idempotency-Key, underwritten at once: an ip-pledge loan (valuation asked) or a guaranteed one (guarantee asked), alternately',
    target: { kind: 'ratio', ratio: 0.65, p99Factor: 1.5 },
    connections: 64,
    project: applications('project'),
    baseline: applications('baseline'),
    loanPools: true,
  },
  {
    name: 'POST /loans/{id}/repayments',
    description:
      'a repayment with an Idempotency-Key (every tenth a repeat): penalty, allocation, schedule',
    target: { kind: 'ratio', ratio: 0.65, p99Factor: 1.5 },
    connections: 64,
    project: repayments('project'),
    baseline: repayments('baseline'),
  },
  {
    name: 'POST /credit/classification-runs',
    description: 'the classification run over the 100,000 loans of the book (loans per second)',
    target: { kind: 'ratio', ratio: 0.65 },
    connections: 1,
    project: classification('project'),
    baseline: classification('baseline'),
    batch: {
      items: (answer) => {
        const run = answer as { loans?: number };
        return run.loans ?? 0;
      },
      reset: resetClassification,
    },
  },
  {
    name: 'GET /valuations/{id}/report',
    description: 'the PDF report of a 5-asset valuation',
    target: { kind: 'throughput', rps: 20 },
    connections: 8,
    project: {
      request: (data) => ({
        method: 'GET',
        path: `/api/v1/valuations/${pick(data.valuationIds)}/report`,
        headers: { 'x-api-key': data.apiKey },
      }),
    },
  },
];

function listingSearch(): Side {
  let k = 0;
  return {
    request: (data) => ({
      method: 'GET',
      path: `/api/v1/listings?q=${encodeURIComponent(SEARCH_WORDS[k++ % SEARCH_WORDS.length]!)}&limit=20`,
      headers: json(data.apiKey),
    }),
  };
}

/** Each side bids on its own auction, each bid ¥1 (the increment) above the last one sent. */
function hotBids(side: keyof HotAuctions): Side {
  let amount = 1_000_000;
  return {
    request: (data) => {
      if (!data.hotAuctions) throw new Error('no hot auctions prepared');
      return {
        method: 'POST',
        path: `/api/v1/listings/${data.hotAuctions[side]}/bids`,
        headers: json(data.apiKey),
        body: JSON.stringify({ amount: `${amount++}.00` }),
      };
    },
    refusals: [422],
  };
}

function overview(): Side {
  return {
    request: (data) => ({
      method: 'GET',
      path: `/api/v1/enterprises/${pick(data.enterpriseIds)}/overview`,
      headers: json(data.apiKey),
    }),
  };
}
