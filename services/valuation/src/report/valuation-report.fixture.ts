import Decimal from 'decimal.js';
import type {
  AssetValuation,
  CashFlowRow,
  ComparableRow,
  MethodResult,
} from '../valuations/domain/types';
import type { ValuationReportData } from './report-data';

/**
 * An approved pledge valuation of a Jinan quantum-chip maker's patents, for the report's tests and
 * for rendering a sample by hand. The first three assets are fixed; larger portfolios repeat
 * generated ones. The conclusion is the exact sum of the asset values, low/high ±15%. Each income
 * approach shows its projection (8 years, capped at the legal life: the second asset's 6.45 years
 * end in a partial year), each applied market approach its three deals.
 */

const FIXED_ASSETS: Array<Pick<AssetValuation, 'number' | 'title' | 'remainingLegalYears'>> = [
  { number: 'ZL202110123456.7', title: '一种量子芯片封装方法', remainingLegalYears: '16.12' },
  {
    number: 'ZL202120234567.0',
    title: '一种超导量子比特读出电路及其校准装置',
    remainingLegalYears: '6.45',
  },
  { number: 'ZL202230345678.9', title: '量子计算机低温机柜', remainingLegalYears: '12.80' },
];

const RANGE_RATIO = new Decimal('0.15');

/** Enough digits for 1.15^t at a fractional t: the rows' figures are exact to far below a cent. */
const Exact = Decimal.clone({ precision: 40 });

const ROYALTY_RATE = '0.035';
const INCOME_TAX_RATE = '0.15';
const DISCOUNT_RATE = '0.15';
/** The asset's revenue, relative to year 1: it grows for two years, then stays. */
const REVENUE_GROWTH = ['1', '1.2', '1.35'];

function money(value: Decimal): string {
  return value.toDecimalPlaces(2).toFixed(2);
}

function years(value: Decimal): string {
  return value.toDecimalPlaces(2).toFixed(2);
}

/**
 * The income approach's rows over `life` years (a partial last year counts pro rata, discounted at
 * t = life), with year 1's revenue chosen so the present values add up to `value`: the table
 * explains the method's value the way the domain's projection does.
 */
function cashFlows(value: Decimal, life: Decimal): CashFlowRow[] {
  const royaltyAfterTax = new Exact(ROYALTY_RATE).times(new Exact(1).minus(INCOME_TAX_RATE));
  const growth = new Exact(1).plus(DISCOUNT_RATE);
  const periods: Array<{ year: number; t: Decimal; portion: Decimal }> = [];
  const full = life.floor().toNumber();
  for (let year = 1; year <= full; year += 1) {
    periods.push({ year, t: new Exact(year), portion: new Exact(1) });
  }
  if (life.greaterThan(full)) {
    periods.push({ year: full + 1, t: new Exact(life), portion: new Exact(life).minus(full) });
  }
  const relative = (year: number): Decimal =>
    new Exact(REVENUE_GROWTH[Math.min(year, REVENUE_GROWTH.length) - 1] ?? '1');
  const unit = periods.reduce(
    (sum, p) =>
      sum.plus(relative(p.year).times(p.portion).times(royaltyAfterTax).div(growth.pow(p.t))),
    new Exact(0),
  );
  const firstYear = new Exact(value).div(unit);
  return periods.map(({ year, t, portion }) => {
    const revenue = firstYear.times(relative(year)).times(portion);
    const royalty = revenue.times(royaltyAfterTax);
    const factor = new Exact(1).div(growth.pow(t));
    return {
      year,
      t: years(t),
      revenue: money(revenue),
      royaltyAfterTax: money(royalty),
      discountFactor: factor.toDecimalPlaces(10).toString(),
      presentValue: money(royalty.times(factor)),
    };
  });
}

/**
 * Three deals whose adjusted prices are 1.25, 1 and 0.8 times the market value: the middle one has
 * the subject's remaining life, so the median is the value itself.
 */
function comparables(market: Decimal, subjectLife: Decimal): ComparableRow[] {
  return [
    { dealId: 'D-2024-0012', ratio: '1.25', life: new Decimal(8) },
    { dealId: 'D-2024-0031', ratio: '1', life: subjectLife },
    { dealId: 'D-2025-0007', ratio: '0.8', life: new Decimal(12) },
  ].map(({ dealId, ratio, life }) => {
    const price = new Decimal(money(market.times(ratio).times(life).div(subjectLife)));
    return {
      dealId,
      price: money(price),
      remainingLifeYears: years(life),
      adjustedPrice: money(price.times(subjectLife).div(life)),
    };
  });
}

interface FixtureAsset {
  value: Decimal;
  legalLife: Decimal;
  economicLife: Decimal;
  income: Decimal;
  market: Decimal | null;
  cost: Decimal;
}

function assetMethods(asset: FixtureAsset, assetCount: number): MethodResult[] {
  const { income, market, cost } = asset;
  const applied = market === null ? 0.9 : 1;
  const weight = (w: number): string => new Decimal(w).div(applied).toDecimalPlaces(4).toString();
  return [
    {
      method: 'income',
      status: 'applied',
      value: money(income),
      weight: weight(0.6),
      inputs: {
        revenueShare: new Decimal(1).div(assetCount).toDecimalPlaces(10).toString(),
        royaltyRate: ROYALTY_RATE,
        incomeTaxRate: INCOME_TAX_RATE,
        discountRate: DISCOUNT_RATE,
        economicLifeYears: years(asset.economicLife),
      },
      cashFlows: cashFlows(income, asset.economicLife),
    },
    market === null
      ? {
          method: 'market',
          status: 'skipped',
          reason:
            '交易服务中无同类型、同 IPC 小类的成交案例 No closed deals with the same patent type and IPC subclass',
          inputs: {},
        }
      : {
          method: 'market',
          status: 'applied',
          value: money(market),
          weight: weight(0.3),
          inputs: {
            ipcSubclass: 'H01L',
            subjectRemainingLifeYears: years(asset.legalLife),
            comparableCount: '3',
          },
          comparables: comparables(market, asset.legalLife),
        },
    {
      method: 'cost',
      status: 'applied',
      value: money(cost),
      weight: weight(0.1),
      inputs: {
        rdSpend: money(cost.times('1.6')),
        filingFees: '3450.00',
        maintenanceFees: '8200.00',
        remainingLifeRatio: '0.6',
      },
    },
  ];
}

export interface ValuationReportFixtureOptions {
  /** Every asset's remaining legal life, instead of the fixed ones (e.g. "19.80" for new inventions). */
  remainingLegalYears?: string;
  /** Every asset's economic life before the cap at its legal life; "8" by default. */
  economicLifeYears?: string;
}

function asset(
  index: number,
  assetCount: number,
  options: ValuationReportFixtureOptions,
): AssetValuation {
  const fixed = FIXED_ASSETS[index];
  const value = new Decimal(1_523_456.78).div(index + 1).toDecimalPlaces(2);
  const withMarket = index % 3 !== 1;
  const income = value.times('1.05');
  const cost = value.times('0.8');
  const market = withMarket ? value.minus(income.times(0.6)).minus(cost.times(0.1)).div(0.3) : null;
  const legalLife = new Decimal(
    options.remainingLegalYears ?? fixed?.remainingLegalYears ?? '14.00',
  );
  const economicLife = Decimal.min(options.economicLifeYears ?? '8', legalLife);
  return {
    number: fixed?.number ?? `ZL2023${String(10_000_000 + index).padStart(8, '0')}.${index % 10}`,
    kind: 'patent',
    title: fixed?.title ?? `一种量子芯片封装方法的改进（第 ${index + 1} 号）`,
    remainingLegalYears: years(legalLife),
    economicLifeYears: years(economicLife),
    methods: assetMethods({ value, legalLife, economicLife, income, market, cost }, assetCount),
    value: money(value),
    score: { legal: 82 - (index % 7), technical: 76, economic: 68 + (index % 5), overall: 77 },
  };
}

function sumOf(assets: AssetValuation[], method: MethodResult['method']): MethodResult {
  const applied = assets.flatMap((a) =>
    a.methods.filter((m) => m.method === method && m.status === 'applied'),
  );
  const total = applied.reduce((sum, m) => sum.plus(m.value ?? '0'), new Decimal(0));
  return {
    method,
    status: 'applied',
    value: money(total),
    weight: method === 'income' ? '0.6' : method === 'market' ? '0.3' : '0.1',
    inputs: { assets: String(applied.length) },
  };
}

export function valuationReportFixture(
  assetCount = 3,
  options: ValuationReportFixtureOptions = {},
): ValuationReportData {
  const assets = Array.from({ length: assetCount }, (_, index) =>
    asset(index, assetCount, options),
  );
  const value = assets.reduce((sum, a) => sum.plus(a.value), new Decimal(0));
  return {
    id: 'VAL-2025-0042',
    status: 'approved',
    purpose: 'pledge',
    referenceDate: '2025-03-31',
    center: { code: 'jinan', name: '济南科技金融服务中心' },
    enterprise: { name: '济南量子芯片科技有限公司', creditCode: '91370100MA3QXXXX7K' },
    preparedBy: '王磊',
    preparedAt: '2025-04-02T06:30:00.000Z',
    approvedBy: '李静',
    approvedAt: '2025-04-03T02:15:00.000Z',
    validUntil: '2026-03-31',
    parameters: {
      defaultRoyaltyRate: '0.03',
      royaltyRate: '0.035',
      highTechIncomeTaxRate: '0.15',
      discountRate: '0.15',
      weightIncome: '0.6',
      weightMarket: '0.3',
      weightCost: '0.1',
      valuationRangeRatio: '0.15',
      valuationValidityMonths: '12',
    },
    result: {
      conclusion: {
        value: money(value),
        low: money(value.times(new Decimal(1).minus(RANGE_RATIO))),
        high: money(value.times(new Decimal(1).plus(RANGE_RATIO))),
        currency: 'CNY',
      },
      methods: [sumOf(assets, 'income'), sumOf(assets, 'market'), sumOf(assets, 'cost')],
      assets,
      score: { legal: 81, technical: 76, economic: 70, overall: 77 },
      parameters: {
        royaltyRate: '0.035',
        incomeTaxRate: '0.15',
        discountRate: '0.15',
        weightIncome: '0.6',
        weightMarket: '0.3',
        weightCost: '0.1',
        valuationRangeRatio: '0.15',
      },
      assumptions: [
        '企业为高新技术企业，所得税率取 15%。The enterprise is high-tech: income tax 15%.',
        '未提供各资产收入分成比例，按资产数量平均分配。No revenue shares given: split equally over the assets.',
        'ZL202120234567.0 的经济寿命以剩余法定保护期 6.45 年为上限。Economic life of ZL202120234567.0 capped at its remaining legal life, 6.45 years.',
        'ZL202120234567.0 无可比交易，市场法未采用，权重在收益法与成本法之间重新归一。No comparables for ZL202120234567.0: market approach skipped, weights re-normalised.',
        '未提供技术评级的项目按 3 分计。Technical ratings not given are taken as 3.',
      ],
    },
  };
}
