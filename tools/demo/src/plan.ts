/**
 * The demo's plan: every center's staff, partners, enterprises, valuations, guarantees, loans,
 * investments and trade deals, worked out from the seed alone (and the anchor day its dates count
 * back from), before any request is sent. A pure function: the same seed and anchor give the
 * same plan, so a re-run asks for the same things and the network answers "already there".
 *
 * How the figures reach the seed article's (Jinan; Liaocheng at a fifth, Beijing at a tenth):
 *
 * - Patents valued 1,831 ≈ ¥680M. 366 pledge valuations, one per enterprise, of 2 to 8 patents
 *   (1,831 distinct patents in all, 80 % inventions). ¥680M is split across the valuations in
 *   proportion to their patents (± a random weight), and each valuation's revenue forecast is
 *   chosen so that the service's relief-from-royalty value is that share (valuation-math.ts: with
 *   an 8-year economic life on every patent, value = revenue × a constant). An analyst approves
 *   each: GET /stats counts distinct patents and adds up the approved values.
 * - 240 enterprises guaranteed ≈ ¥300M. 240 of the valued enterprises ask the center's guarantee
 *   institution to guarantee their loan from the bank's tech branch, counter-guaranteed by their
 *   pledge valuation; ¥300M of guaranteed amount is split across them (¥10,000 steps, exact
 *   total), at 80 % coverage (every fifth at 50 %), so each loan's principal is the amount ÷ the
 *   coverage. Jinan's institution (¥200M net assets: leverage 10× = ¥2B, one client ≤ ¥20M) fits
 *   that without a raise; the demo checks and raises net assets only if a center's plan would not fit.
 * - Loans ≈ ¥5B, all from the tech branch: the 240 guaranteed loans (¥375M), an IP-pledge loan
 *   for each other valued enterprise (85 % of what the LTV caps allow on its planned value,
 *   about ¥70M), investment-linked loans for some of the fund's companies, and the rest as tech
 *   credit loans of about ¥25M each (about 180 of them). The credit product's ¥3M ceiling would
 *   need 1,500 loans for that, so the center admin raises it to ¥50M (PATCH /tenants/{code}/policy).
 * - Investments: the center's fund (a committee of three analysts) closes 20 deals over three
 *   years; trade deals: 25 listings (auctions by the university and the broker, fixed prices,
 *   one by an SME's own key), bid on by the bank and the fund manager and closed by an analyst.
 */
import { at, known } from './at';
import { addDays, addMonths, yearOf } from './dates';
import { creditCode, patentNumber, type PatentType } from './ids';
import { companyName, INDUSTRIES, LISTING_IPC, patentTitle, type Industry } from './names';
import { Rng, seed32 } from './rng';
import { expectedValue, revenueFor } from './valuation-math';

/** The seed article's figures for the Jinan center. */
export const ARTICLE = {
  patentsValued: 1831,
  valuedTotal: 680_000_000,
  enterprisesGuaranteed: 240,
  guaranteedAmount: 300_000_000,
  loanAmount: 5_000_000_000,
} as const;

export const DEFAULT_SEED = 2026;
/** The credit product's ceiling the tech branch's book needs (default ¥3M). */
export const CREDIT_MAX_PRINCIPAL = 50_000_000;
const CREDIT_LOAN_AVERAGE = 25_000_000;
const UNIT = 10_000;

export interface CenterSpec {
  code: string;
  city: string;
  scale: number;
  /** Administrative division code in the credit codes of its enterprises. */
  region: string;
  bank: string;
  /** API keys of the tech branch: its integration's channels, each its own rate-limit client. */
  bankKeys: number;
  university: string;
  broker: string;
  fundManager: string;
  fund: string;
  fundSize: number;
}

export const CENTERS: readonly CenterSpec[] = [
  {
    code: 'jinan',
    city: '济南',
    scale: 1,
    region: '370100',
    bank: '齐鲁银行济南科技支行 (Qilu Bank Jinan Tech Branch)',
    bankKeys: 6,
    university: '山东大学技术转移中心 (Shandong University TTO)',
    broker: '山东技术交易经纪有限公司 (Shandong Tech Exchange Brokers)',
    fundManager: '济南科金创业投资管理有限公司 (Jinan Tech Venture Management)',
    fund: '济南科创投资基金一期 (Jinan Tech Venture Fund I)',
    fundSize: 500_000_000,
  },
  {
    code: 'liaocheng',
    city: '聊城',
    scale: 0.2,
    region: '371500',
    bank: '聊城农商银行科技支行 (Liaocheng Rural Commercial Bank Tech Branch)',
    bankKeys: 2,
    university: '聊城大学技术转移中心 (Liaocheng University TTO)',
    broker: '聊城技术市场经纪有限公司 (Liaocheng Tech Market Brokers)',
    fundManager: '聊城科创投资管理有限公司 (Liaocheng Tech Venture Management)',
    fund: '聊城科创基金 (Liaocheng Tech Fund)',
    fundSize: 100_000_000,
  },
  {
    code: 'beijing',
    city: '北京',
    scale: 0.1,
    region: '110108',
    bank: '北京银行中关村科技支行 (Bank of Beijing Zhongguancun Tech Branch)',
    bankKeys: 2,
    university: '北京理工大学技术转移中心 (BIT TTO)',
    broker: '中关村技术经纪有限公司 (Zhongguancun Tech Brokers)',
    fundManager: '中关村科创投资管理有限公司 (Zhongguancun Venture Management)',
    fund: '北京中心科创基金 (Beijing Center Tech Fund)',
    fundSize: 100_000_000,
  },
];

export type PartnerRef = 'bank' | 'university' | 'broker' | 'fund' | 'sme';

export interface PartnerPlan {
  ref: PartnerRef;
  name: string;
  kind: 'bank' | 'university' | 'broker' | 'fund' | 'enterprise';
  keys: number;
  /** Kind enterprise: the index of the SME it is. */
  enterprise?: number;
}

export interface UserPlan {
  username: string;
  role: 'center-admin' | 'analyst';
}

export interface EnterprisePlan {
  index: number;
  creditCode: string;
  name: string;
  industry: Industry;
  foundedOn: string;
  employees: number;
  highTech: boolean;
  registeredCapital: string;
}

export interface PatentPlan {
  number: string;
  title: string;
  patentType: PatentType;
  filedOn: string;
  grantedOn: string;
  ipcClass: string;
}

export interface ValuationPlan {
  enterprise: number;
  referenceDate: string;
  patents: PatentPlan[];
  revenue: string[];
  /** What the service should conclude (valuation-math.ts). */
  value: number;
}

export interface GuaranteePlan {
  enterprise: number;
  principal: number;
  coverageRatio: '0.80' | '0.50';
  guaranteedAmount: number;
  termMonths: number;
}

export type ProductCode = 'guaranteed' | 'ip-pledge' | 'credit' | 'linked';
export type RepaymentMethod = 'equal_installment' | 'equal_principal' | 'interest_only';

export interface LoanPlan {
  ref: string;
  enterprise: number;
  product: ProductCode;
  principal: number;
  termMonths: number;
  method: RepaymentMethod;
  /** After disbursement: 'payoff' repays it all, a number that many yuan ahead. */
  repayment?: 'payoff' | number;
  /**
   * A loan of the bank's historical book: applied for (`appliedOn`) and disbursed this many days
   * before the anchor, and never repaid, so today's classification run defaults it (the default
   * chain's loan).
   */
  historicalDays?: number;
}

/** How long before the anchor the default chain's loan was made: 95 days past due at the anchor. */
export const DEFAULT_CHAIN_DAYS = 125;

export interface DealPlan {
  enterprise: number;
  amount: number;
  preMoneyValuation: number;
  closedOn: string;
  votes: ('for' | 'against' | 'abstain')[];
  /** A later fair-value mark of the holding, for most of them. */
  mark?: { fairValue: number; markedOn: string };
}

export interface FundPlan {
  name: string;
  size: number;
  vintageYear: number;
  limitedPartners: { name: string; commitment: number }[];
  capitalCalls: { amount: number; on: string }[];
}

export interface BidPlan {
  bidder: 'bank' | 'fund';
  amount: number;
}

export type Pricing =
  | { mode: 'auction'; reservePrice: number; increment: number; endsAt: string; bids: BidPlan[] }
  | { mode: 'fixed'; askingPrice: number; buyer: 'bank' | 'fund' };

export interface ListingPlan {
  ref: string;
  lister: 'university' | 'broker' | 'sme';
  sellerEnterprise: number;
  title: string;
  dealType: 'transfer' | 'exclusive_license' | 'non_exclusive_license';
  patents: { number: string; title: string; patentType: PatentType; ipcClass: string }[];
  pricing: Pricing;
  /** What it sells for: the asking price, or the best bid. */
  price: number;
}

export interface CenterPlan {
  spec: CenterSpec;
  users: UserPlan[];
  partners: PartnerPlan[];
  enterprises: EnterprisePlan[];
  valuations: ValuationPlan[];
  guarantees: GuaranteePlan[];
  loans: LoanPlan[];
  fund: FundPlan;
  deals: DealPlan[];
  listings: ListingPlan[];
  /** What the center should show once the plan has run. */
  targets: {
    patentsValued: number;
    valuedTotal: number;
    enterprisesGuaranteed: number;
    guaranteedAmount: number;
    loans: number;
    loanAmount: number;
    investments: number;
    investedAmount: number;
    tradeDeals: number;
    tradedAmount: number;
  };
}

export interface Plan {
  seed: number;
  anchor: string;
  centers: CenterPlan[];
}

export function buildPlan(seed: number, anchor: string): Plan {
  return { seed, anchor, centers: CENTERS.map((spec) => centerPlan(seed, anchor, spec)) };
}

function centerPlan(seed: number, anchor: string, spec: CenterSpec): CenterPlan {
  const rng = Rng.of(seed, spec.code);
  const s = spec.scale;
  const patentCount = Math.round(ARTICLE.patentsValued * s);
  const valuationCount = Math.round(patentCount / 5);
  const guaranteeCount = Math.round(ARTICLE.enterprisesGuaranteed * s);
  const dealCount = Math.max(2, Math.round(20 * s));
  const linkedCount = Math.max(1, Math.round(8 * s));
  const prefix = usernamePrefix(seed, spec.code);

  const users: UserPlan[] = [
    { username: `${prefix}.admin`, role: 'center-admin' },
    ...[1, 2, 3, 4].map((n) => ({ username: `${prefix}.analyst${n}`, role: 'analyst' as const })),
  ];
  const partners: PartnerPlan[] = [
    { ref: 'bank', name: spec.bank, kind: 'bank', keys: spec.bankKeys },
    { ref: 'university', name: spec.university, kind: 'university', keys: 1 },
    { ref: 'broker', name: spec.broker, kind: 'broker', keys: 1 },
    { ref: 'fund', name: spec.fundManager, kind: 'fund', keys: 1 },
  ];

  const enterprises = planEnterprises(rng.fork('enterprises'), seed, spec, valuationCount, anchor);
  const sme = at(enterprises, 0, 'enterprise');
  partners.push({ ref: 'sme', name: sme.name, kind: 'enterprise', keys: 1, enterprise: 0 });

  const valuations = planValuations(
    rng.fork('valuations'),
    seed,
    spec,
    enterprises,
    patentCount,
    anchor,
  );
  const order = rng.fork('roles').shuffle(enterprises.map((e) => e.index));
  const guaranteed = order.slice(0, guaranteeCount);
  const pledging = order.slice(guaranteeCount);
  const guarantees = planGuarantees(
    rng.fork('guarantees'),
    guaranteed,
    ARTICLE.guaranteedAmount * s,
  );

  const deals = planDeals(
    rng.fork('deals'),
    rng.fork('deal-companies').shuffle(order).slice(0, dealCount),
    anchor,
  );
  const fund = planFund(rng.fork('fund'), spec, anchor, deals);

  const loans = planLoans(rng.fork('loans'), {
    target: ARTICLE.loanAmount * s,
    guarantees,
    pledging: pledging.map((i) => at(valuations, i, 'valuation')),
    linked: deals.slice(0, linkedCount),
    borrowers: rng.fork('credit-borrowers').shuffle(order),
    defaultCandidate: spec.code === 'jinan',
  });

  const listings = planListings(rng.fork('listings'), seed, spec, enterprises.length, anchor);
  return {
    spec,
    users,
    partners,
    enterprises,
    valuations,
    guarantees,
    loans,
    fund,
    deals,
    listings,
    targets: {
      patentsValued: valuations.reduce((n, v) => n + v.patents.length, 0),
      valuedTotal: valuations.reduce((n, v) => n + v.value, 0),
      enterprisesGuaranteed: guarantees.length,
      guaranteedAmount: guarantees.reduce((n, g) => n + g.guaranteedAmount, 0),
      loans: loans.length,
      loanAmount: loans.reduce((n, l) => n + l.principal, 0),
      investments: deals.length,
      investedAmount: deals.reduce((n, d) => n + d.amount, 0),
      tradeDeals: listings.length,
      tradedAmount: listings.reduce((n, l) => n + l.price, 0),
    },
  };
}

/** Staff usernames are unique across the platform: the seed keeps two demos' staff apart. */
export function usernamePrefix(seed: number, center: string): string {
  return `demo${seed}.${center}`;
}

/** Serials of one seed's identifiers: a block per center and use, offset by the seed. */
function serialBase(seed: number, block: number): number {
  return (Math.abs(seed32(seed, 'serials')) % 1_000_000) + block * 1_000_000;
}

function planEnterprises(
  rng: Rng,
  seed: number,
  spec: CenterSpec,
  count: number,
  anchor: string,
): EnterprisePlan[] {
  const base = serialBase(seed, CENTERS.indexOf(spec));
  return Array.from({ length: count }, (_, index) => {
    const industry = rng.pick(INDUSTRIES);
    return {
      index,
      creditCode: creditCode(spec.region, base + index),
      name: companyName(rng, spec.city, industry),
      industry,
      foundedOn: addDays(anchor, -rng.int(2 * 365, 15 * 365)),
      employees: rng.int(12, 600),
      highTech: rng.chance(0.6),
      registeredCapital: String(rng.int(10, 500) * 100_000),
    };
  });
}

/** `total` split into `weights.length` parts of whole `unit`s, in proportion, adding up exactly. */
export function splitExactly(total: number, weights: readonly number[], unit: number): number[] {
  const units = Math.round(total / unit);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * units);
  const parts = exact.map(Math.floor);
  const left = units - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  const bumped = new Set(byRemainder.slice(0, left).map(({ i }) => i));
  return parts.map((p, i) => (p + (bumped.has(i) ? 1 : 0)) * unit);
}

/** `total` patents over `count` valuations of 2 to 8 each. */
function patentsPerValuation(rng: Rng, total: number, count: number): number[] {
  const counts = splitExactly(total, Array(count).fill(1), 1);
  for (let moves = 0; moves < count * 2; moves++) {
    const from = rng.int(0, count - 1);
    const to = rng.int(0, count - 1);
    if (from !== to && at(counts, from) > 2 && at(counts, to) < 8) {
      counts[from] = at(counts, from) - 1;
      counts[to] = at(counts, to) + 1;
    }
  }
  return counts;
}

function planValuations(
  rng: Rng,
  seed: number,
  spec: CenterSpec,
  enterprises: EnterprisePlan[],
  patentCount: number,
  anchor: string,
): ValuationPlan[] {
  const counts = patentsPerValuation(rng, patentCount, enterprises.length);
  const weights = counts.map((n) => n * rng.real(0.5, 1.6));
  const values = splitExactly(ARTICLE.valuedTotal * spec.scale, weights, 1);
  let serial = serialBase(seed, 3 + CENTERS.indexOf(spec));
  return enterprises.map((enterprise, i) => {
    // Stated within the last 11 months: approved valuations are valid for 12 from this day.
    const referenceDate = addDays(anchor, -rng.int(1, 330));
    const patents = Array.from({ length: at(counts, i) }, (): PatentPlan => {
      const type: PatentType = rng.chance(0.8) ? 'invention' : 'utility_model';
      // An invention filed 3-10 years before lives 10+ years more; a utility model (10-year
      // term) is filed 8-18 months before, so every patent outlives its 8-year economic life.
      const filedOn =
        type === 'invention'
          ? addDays(referenceDate, -rng.int(3 * 365, 10 * 365))
          : addDays(referenceDate, -rng.int(245, 550));
      const grantedOn =
        type === 'invention' ? addMonths(filedOn, rng.int(18, 34)) : addMonths(filedOn, 6);
      return {
        number: patentNumber(type, yearOf(filedOn), serial++ % 10_000_000),
        title: patentTitle(rng, enterprise.industry),
        patentType: type,
        filedOn,
        grantedOn,
        ipcClass: `${rng.pick(enterprise.industry.ipc)} ${rng.int(1, 99)}/${String(rng.int(0, 99)).padStart(2, '0')}`,
      };
    });
    const revenue = revenueFor(at(values, i), enterprise.highTech);
    return {
      enterprise: enterprise.index,
      referenceDate,
      patents,
      revenue,
      value: Math.round(expectedValue(revenue, enterprise.highTech) * 100) / 100,
    };
  });
}

function planGuarantees(rng: Rng, enterprises: number[], total: number): GuaranteePlan[] {
  const amounts = splitExactly(
    total,
    enterprises.map(() => rng.real(0.3, 2.2)),
    UNIT,
  );
  return enterprises.map((enterprise, i) => {
    const coverageRatio = i % 5 === 4 ? '0.50' : '0.80';
    const guaranteedAmount = at(amounts, i);
    return {
      enterprise,
      principal: guaranteedAmount / Number(coverageRatio),
      coverageRatio,
      guaranteedAmount,
      termMonths: rng.pick([12, 24, 36]),
    };
  });
}

const LTV = { invention: 0.4, utility_model: 0.25, design: 0.2 } as const;

function planLoans(
  rng: Rng,
  input: {
    target: number;
    guarantees: GuaranteePlan[];
    pledging: ValuationPlan[];
    linked: DealPlan[];
    borrowers: number[];
    /** Whether one guaranteed loan is the default chain's (one in the network). */
    defaultCandidate: boolean;
  },
): LoanPlan[] {
  const loans: LoanPlan[] = [];
  for (const g of input.guarantees) {
    loans.push({
      ref: `guaranteed-${g.enterprise}`,
      enterprise: g.enterprise,
      product: 'guaranteed',
      principal: g.principal,
      termMonths: g.termMonths,
      method: rng.pick(['equal_installment', 'interest_only'] as const),
    });
  }
  for (const v of input.pledging) {
    // The services value each patent at an equal share; lend 85 % of what the caps allow.
    const lendable = v.patents.reduce(
      (sum, p) => sum + (v.value / v.patents.length) * LTV[p.patentType],
      0,
    );
    const principal = Math.floor((lendable * 0.85) / UNIT) * UNIT;
    if (principal < 100_000) continue;
    loans.push({
      ref: `ip-pledge-${v.enterprise}`,
      enterprise: v.enterprise,
      product: 'ip-pledge',
      principal: Math.min(principal, 30_000_000),
      termMonths: rng.pick([12, 24, 36]),
      method: rng.pick(['equal_installment', 'interest_only'] as const),
    });
  }
  for (const d of input.linked) {
    loans.push({
      ref: `linked-${d.enterprise}`,
      enterprise: d.enterprise,
      product: 'linked',
      principal: Math.max(
        500_000,
        Math.floor((Math.min(d.amount, 10_000_000) * 0.6) / UNIT) * UNIT,
      ),
      termMonths: rng.pick([12, 24, 36]),
      method: 'interest_only',
    });
  }
  const rest = input.target - loans.reduce((sum, l) => sum + l.principal, 0);
  const count = Math.ceil(rest / CREDIT_LOAN_AVERAGE);
  // One loan of a product per enterprise: (enterprise, product) is how a re-run finds it.
  if (count > input.borrowers.length) throw new Error(`${count} credit loans for fewer borrowers`);
  const principals = splitExactly(
    rest,
    Array.from({ length: count }, () => rng.real(0.4, 1.6)),
    UNIT,
  );
  principals.forEach((principal, i) => {
    const enterprise = at(input.borrowers, i % input.borrowers.length);
    loans.push({
      ref: `credit-${enterprise}`,
      enterprise,
      product: 'credit',
      principal,
      termMonths: rng.pick([12, 24, 36]),
      method: rng.pick(['equal_installment', 'equal_principal'] as const),
    });
  });
  // Some borrowers pay ahead on the first day, two pay off at once (the guarantee is released).
  loans.forEach((loan, i) => {
    if (loan.product === 'linked') return;
    if (i % 10 === 3)
      loan.repayment = Math.floor((loan.principal * rng.real(0.1, 0.3)) / UNIT) * UNIT;
  });
  for (const product of ['guaranteed', 'credit'])
    known(
      loans.find((l) => l.product === product),
      `a ${product} loan`,
    ).repayment = 'payoff';
  // The default chain's loan: a guaranteed loan the bank made 125 days before the anchor, whose
  // first installment is then 95 days overdue: the claim, and the institution's sale of its
  // counter-guaranteed patent, follow (DOMAIN.md "The chain", 3).
  const defaulting = loans.find((l) => l.product === 'guaranteed' && l.repayment === undefined);
  if (defaulting && input.defaultCandidate) defaulting.historicalDays = DEFAULT_CHAIN_DAYS;
  return loans;
}

/** Capital is called in three tranches a year apart, together a little more than the deals need. */
function planFund(rng: Rng, spec: CenterSpec, anchor: string, deals: DealPlan[]): FundPlan {
  const start = addDays(anchor, -1070);
  const invested = deals.reduce((n, d) => n + d.amount, 0);
  const call = Math.ceil((invested * 1.05) / 3 / 100_000) * 100_000;
  return {
    name: spec.fund,
    size: spec.fundSize,
    vintageYear: yearOf(start),
    limitedPartners: [
      {
        name: '山东省新旧动能转换引导基金 (Shandong guidance fund)',
        commitment: spec.fundSize * 0.4,
      },
      {
        name: `${spec.city}市科技创新发展基金 (${spec.code} city innovation fund)`,
        commitment: spec.fundSize * 0.6,
      },
    ],
    capitalCalls: [
      { amount: call, on: addDays(start, 5) },
      { amount: call, on: addDays(start, 5 + rng.int(330, 400)) },
      { amount: call, on: addDays(start, 5 + rng.int(700, 760)) },
    ],
  };
}

function planDeals(rng: Rng, companies: number[], anchor: string): DealPlan[] {
  return companies.map((enterprise): DealPlan => {
    const amount = rng.int(30, 150) * 100_000;
    const age = rng.int(20, 1060);
    const closedOn = addDays(anchor, -age);
    const deal: DealPlan = {
      enterprise,
      amount,
      preMoneyValuation: rng.int(20, 150) * 1_000_000,
      closedOn,
      votes: rng.chance(0.3) ? ['for', 'against', 'for'] : ['for', 'for', 'for'],
    };
    // Held six months or more: marked at its latest round or results, mostly up.
    if (age > 200 && rng.chance(0.7))
      deal.mark = {
        fairValue: Math.round((amount * rng.real(0.6, 2.8)) / UNIT) * UNIT,
        markedOn: addDays(closedOn, rng.int(180, age - 10)),
      };
    return deal;
  });
}

function planListings(
  rng: Rng,
  seed: number,
  spec: CenterSpec,
  enterpriseCount: number,
  anchor: string,
): ListingPlan[] {
  const s = spec.scale;
  const auctions = Math.max(2, Math.round(20 * s));
  const fixed = Math.max(1, Math.round(4 * s));
  let serial = serialBase(seed, 6 + CENTERS.indexOf(spec));
  // An auction ends 30 days after the anchor day: any run within 150 days can still list it.
  const endsAt = `${addDays(anchor, 30)}T10:00:00Z`;
  const patents = (count: number): ListingPlan['patents'] =>
    Array.from({ length: count }, () => {
      const patentType: PatentType = rng.chance(0.85) ? 'invention' : 'utility_model';
      const year = 2016 + rng.int(0, 8);
      return {
        number: patentNumber(patentType, year, serial++ % 10_000_000),
        title: patentTitle(rng, rng.pick(INDUSTRIES)),
        patentType,
        ipcClass: rng.pick(LISTING_IPC),
      };
    });
  const listings: ListingPlan[] = [];
  for (let i = 0; i < auctions; i++) {
    const lots = patents(rng.int(1, 3));
    const reservePrice = rng.int(20, 200) * UNIT;
    const increment = 5_000;
    const bids: BidPlan[] = [];
    let amount = reservePrice + rng.int(0, 10) * increment;
    for (let b = rng.int(1, 3); b > 0; b--) {
      bids.push({ bidder: bids.length % 2 === 0 ? 'bank' : 'fund', amount });
      amount += rng.int(1, 8) * increment;
    }
    listings.push({
      ref: `auction-${i + 1}`,
      lister: i % 2 === 0 ? 'university' : 'broker',
      sellerEnterprise: rng.int(1, enterpriseCount - 1),
      title: `${at(lots, 0).title}等${lots.length}项专利${i % 3 === 0 ? '独占许可' : '转让'}`,
      dealType: i % 3 === 0 ? 'exclusive_license' : 'transfer',
      patents: lots,
      pricing: { mode: 'auction', reservePrice, increment, endsAt, bids },
      price: at(bids, bids.length - 1).amount,
    });
  }
  for (let i = 0; i < fixed + 1; i++) {
    const bySme = i === fixed;
    const lots = patents(1);
    const askingPrice = rng.int(10, 80) * UNIT;
    listings.push({
      ref: bySme ? 'sme-1' : `fixed-${i + 1}`,
      lister: bySme ? 'sme' : 'broker',
      sellerEnterprise: bySme ? 0 : rng.int(1, enterpriseCount - 1),
      title: `${at(lots, 0).title}${bySme ? '普通许可' : '转让'}`,
      dealType: bySme ? 'non_exclusive_license' : 'transfer',
      patents: lots,
      pricing: { mode: 'fixed', askingPrice, buyer: bySme ? 'fund' : 'bank' },
      price: askingPrice,
    });
  }
  return listings;
}
