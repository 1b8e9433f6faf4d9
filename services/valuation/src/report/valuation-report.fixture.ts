import Decimal from 'decimal.js';
import type { AssetValuation, MethodResult } from '../valuations/domain/types';
import type { ValuationReportData } from './report-data';

/**
 * An approved pledge valuation of a Jinan quantum-chip maker's patents, for the report's tests and
 * for rendering a sample by hand. The first three assets are fixed; larger portfolios repeat
 * generated ones. The conclusion is the exact sum of the asset values, low/high ±15%.
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

function money(value: Decimal): string {
  return value.toDecimalPlaces(2).toFixed(2);
}

function assetMethods(income: Decimal, market: Decimal | null, cost: Decimal): MethodResult[] {
  const applied = market === null ? 0.9 : 1;
  const weight = (w: number): string => new Decimal(w).div(applied).toDecimalPlaces(4).toString();
  return [
    {
      method: 'income',
      status: 'applied',
      value: money(income),
      weight: weight(0.6),
      inputs: {
        annualRevenue: '8000000.00, 9200000.00, 10500000.00',
        revenueShare: '0.5',
        royaltyRate: '0.035',
        taxRate: '0.15',
        discountRate: '0.15',
        years: '8.00',
      },
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
            comparables: 'D-2024-0012, D-2024-0031, D-2025-0007',
            ipcSubclass: 'H01L',
            medianPrice: money(market.times('1.1')),
            lifeAdjustment: '0.9091',
          },
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

function asset(index: number): AssetValuation {
  const fixed = FIXED_ASSETS[index];
  const value = new Decimal(1_523_456.78).div(index + 1).toDecimalPlaces(2);
  const withMarket = index % 3 !== 1;
  const income = value.times('1.05');
  const cost = value.times('0.8');
  const market = withMarket ? value.minus(income.times(0.6)).minus(cost.times(0.1)).div(0.3) : null;
  return {
    number: fixed?.number ?? `ZL2023${String(10_000_000 + index).padStart(8, '0')}.${index % 10}`,
    kind: 'patent',
    title: fixed?.title ?? `一种量子芯片封装方法的改进（第 ${index + 1} 号）`,
    remainingLegalYears: fixed?.remainingLegalYears ?? '14.00',
    economicLifeYears: '8.00',
    methods: assetMethods(income, market, cost),
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

export function valuationReportFixture(assetCount = 3): ValuationReportData {
  const assets = Array.from({ length: assetCount }, (_, index) => asset(index));
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
