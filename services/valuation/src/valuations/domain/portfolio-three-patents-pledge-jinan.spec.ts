import { DEFAULT_VALUATION_POLICY } from './policy';
import { Money } from '@tf/core';
import { computeValuation } from './compute-valuation';
import type { Comparable, PatentAsset, ValuationInput, ValuationPolicy } from './types';
import { valuationProblems } from './validate-valuation';

/*
 * A Jinan high-tech electronics SME pledges three patents on 2025-06-30. Worked by hand (a 50-digit
 * decimal calculator for the divisions), every figure below is what the result must show.
 *
 * Policy (Jinan): royalty 0.05 for "electronics" (default 0.03), tax 0.25 / high-tech 0.15,
 * discount 0.15, weights income 0.6 / market 0.3 / cost 0.1, range ±0.15.
 * Request: revenue 10,000,000 / 12,000,000 / 14,000,000 (then 14,000,000 a year), no royalty or
 * discount rate given → 0.05 (electronics), tax 0.15 (high-tech), discount 0.15.
 * Royalty after tax = 0.05 × (1 − 0.15) = 0.0425 of the revenue. 1.15^t: 1.15, 1.3225, 1.520875,
 * 1.74900625, 2.0113571875, 2.313060765625.
 *
 * Lives on 2025-06-30 (filed on 30 June, so whole years):
 *   A invention   filed 2015-06-30, ends 2035-06-30: legal 10, economic given 5
 *   B utility m.  filed 2021-06-30, ends 2031-06-30: legal 6, economic not given → 6
 *   C design      filed 2022-06-30 (after 2021-06-01: 15 years), ends 2037-06-30: legal 12, economic 3
 *
 * Income (shares 0.5 / 0.3 / 0.2):
 *   A: royalties 212,500; 255,000; 297,500 × 3
 *      PV 184,782.6087 + 192,816.6352 + 195,611.0791 + 170,096.5906 + 147,910.0788 = 891,216.9923 → 891216.99
 *   B: royalties 127,500; 153,000; 178,500 × 4
 *      PV 110,869.5652 + 115,689.9811 + 117,366.6475 + 102,057.9543 + 88,746.0473 + 77,170.4759
 *         = 611,900.6713 → 611900.67
 *   C: royalties 85,000; 102,000; 119,000
 *      PV 73,913.0435 + 77,126.6541 + 78,244.4317 = 229,284.1292 → 229284.13
 * Market (A only; B is a utility model and C has no IPC class): invention deals in H01L, adjusted to
 *   A's 10 years: 2,000,000 × 10/8 = 2,500,000; 1,500,000 × 10/12 = 1,250,000; 1,800,000 × 10/10
 *   = 1,800,000 → median 1,800,000. (The G06F deal does not match.)
 * Cost: A 1,250,000 × 5/20 = 312,500; B 320,000 × 6/10 = 192,000; C has no replacement cost.
 *
 * Conclusion:
 *   A = 0.6 × 891,216.99 + 0.3 × 1,800,000 + 0.1 × 312,500 = 534,730.194 + 540,000 + 31,250
 *     = 1,105,980.194 → 1105980.19
 *   B = (0.6 × 611,900.67 + 0.1 × 192,000) / 0.7 = 386,340.402 / 0.7 = 551,914.86
 *   C = 229,284.13 (income alone)
 *   value = 1,105,980.19 + 551,914.86 + 229,284.13 = 1,887,179.18
 *   low  = × 0.85 = 1,604,102.303 → 1604102.30;  high = × 1.15 = 2,170,256.057 → 2170256.06
 *   methods: income 891,216.99 + 611,900.67 + 229,284.13 = 1,732,401.79 (3 of 3);
 *            market 1,800,000.00 (1 of 3); cost 312,500 + 192,000 = 504,500.00 (2 of 3)
 *
 * Scores (pledge: legal 0.5, technical 0.25, economic 0.25):
 *   A legal 90×.25 + 50×.25 + 100×.15 + 70×.10 (US) + 80×.10 (non-exclusive) + 100×.15 = 80
 *     technical 6×5 + 5×4 + 5×4 + 4×3 = 82; economic 6×4 + 5×3 + 4×3 + 5×5 = 76
 *     overall (160 + 82 + 76) / 4 = 79.5 → 80
 *   B legal 60×.25 + 60×.25 + 100×.15 + 30×.10 + 60×.10 + 20×.15 (already pledged) = 57
 *     technical 60; economic 6×3 + 5×4 + 4×3 + 5×3 = 65; overall (114 + 60 + 65) / 4 = 59.75 → 60
 *   C legal 60×.25 + 80×.25 (12 of 15) + 100×.15 + 30×.10 + 50×.10 (exclusive) + 100×.15 = 73
 *     technical {advancement 4, rest 3} = 24 + 15 + 15 + 12 = 66; economic all 3 = 60;
 *     overall (146 + 66 + 60) / 4 = 68
 *   portfolio, weighted by value over 1,887,179.18:
 *     legal (1,105,980.19×80 + 551,914.86×57 + 229,284.13×73) / 1,887,179.18 = 72.42 → 72
 *     technical (…×82 + …×60 + …×66) = 73.62 → 74; economic (…×76, 65, 60) = 70.84 → 71;
 *     overall (…×80, 60, 68) = 72.69 → 73
 */

/** The center defaults (policy.ts), with a royalty rate for electronics. */
const policy: ValuationPolicy = {
  ...DEFAULT_VALUATION_POLICY,
  royaltyRatesByIndustry: { electronics: '0.05' },
};

const a: PatentAsset = {
  kind: 'patent',
  number: 'ZL201510123456.1',
  title: '一种晶圆键合方法 (wafer bonding method)',
  patentType: 'invention',
  filedOn: '2015-06-30',
  grantedOn: '2018-03-20',
  legalStatus: 'granted',
  claims: 12,
  ipcClass: 'H01L 23/00',
  familyCountries: ['US'],
  licenceStatus: 'non_exclusive',
  economicLifeYears: '5',
  revenueShare: '0.5',
  replacementCost: { rdSpend: '1200000', filingFees: '20000', maintenanceFees: '30000' },
  technical: { advancement: 5, substitutability: 4, maturity: 4, scope: 3 },
  economic: { marketSize: 4, marketShare: 3, competition: 3, policyFit: 5 },
};
const b: PatentAsset = {
  kind: 'patent',
  number: 'ZL202120123456.2',
  title: '一种快速夹具 (quick-release clamp)',
  patentType: 'utility_model',
  filedOn: '2021-06-30',
  grantedOn: '2022-01-18',
  legalStatus: 'granted',
  ipcClass: 'H01L 21/00',
  pledged: true,
  revenueShare: '0.3',
  replacementCost: { rdSpend: '300000', filingFees: '5000', maintenanceFees: '15000' },
  technical: { advancement: 3, substitutability: 3, maturity: 3, scope: 3 },
  economic: { marketSize: 3, marketShare: 4, competition: 3, policyFit: 3 },
};
const c: PatentAsset = {
  kind: 'patent',
  number: 'ZL202230123456.2',
  title: '扫描仪外壳 (scanner housing)',
  patentType: 'design',
  filedOn: '2022-06-30',
  grantedOn: '2022-11-02',
  legalStatus: 'granted',
  licenceStatus: 'exclusive',
  economicLifeYears: '3',
  revenueShare: '0.2',
  technical: { advancement: 4 },
};

const input: ValuationInput = {
  purpose: 'pledge',
  referenceDate: '2025-06-30',
  assets: [a, b, c],
  income: { annualRevenue: ['10000000', '12000000', '14000000'] },
  enterprise: { industry: 'electronics', highTech: true },
};

const comparables: Comparable[] = [
  {
    dealId: 'T-101',
    patentType: 'invention',
    ipcClass: 'H01L 21/02',
    price: '2000000.00',
    remainingLifeYears: '8',
    closedOn: '2025-03-01',
  },
  {
    dealId: 'T-102',
    patentType: 'invention',
    ipcClass: 'H01L 33/00',
    price: '1500000.00',
    remainingLifeYears: '12',
    closedOn: '2025-04-15',
  },
  {
    dealId: 'T-103',
    patentType: 'invention',
    ipcClass: 'H01L 51/50',
    price: '1800000.00',
    remainingLifeYears: '10',
    closedOn: '2025-06-30',
  },
  {
    dealId: 'T-104',
    patentType: 'invention',
    ipcClass: 'G06F 16/00',
    price: '9000000.00',
    remainingLifeYears: '10',
    closedOn: '2025-01-10',
  },
];

describe('a Jinan pledge of three patents: the full computation', () => {
  const result = computeValuation(input, policy, comparables);

  it('is a valid request', () => {
    expect(valuationProblems(input)).toEqual([]);
  });

  it('concludes 1887179.18, range 1604102.30 - 2170256.06', () => {
    expect(result.conclusion).toEqual({
      value: '1887179.18',
      low: '1604102.30',
      high: '2170256.06',
      currency: 'CNY',
    });
  });

  it('Σ asset values = conclusion.value, to the cent', () => {
    const sum = result.assets.reduce((s, asset) => s.plus(asset.value), new Money(0));
    expect(sum.toFixed(2)).toBe(result.conclusion.value);
    expect(result.assets.map((asset) => asset.value)).toEqual([
      '1105980.19',
      '551914.86',
      '229284.13',
    ]);
  });

  it('shows each method per asset with its value and re-normalised weight', () => {
    const view = result.assets.map((asset) =>
      asset.methods.map((m) => [m.method, m.status, m.value ?? m.reason, m.weight ?? null]),
    );
    expect(view).toEqual([
      [
        ['income', 'applied', '891216.99', '0.6'],
        ['market', 'applied', '1800000.00', '0.3'],
        ['cost', 'applied', '312500.00', '0.1'],
      ],
      [
        ['income', 'applied', '611900.67', '0.8571428571'],
        [
          'market',
          'skipped',
          '0 comparable deals for utility model patents in IPC subclass H01L by the reference date; at least 3 are needed',
          null,
        ],
        ['cost', 'applied', '192000.00', '0.1428571429'],
      ],
      [
        ['income', 'applied', '229284.13', '1'],
        ['market', 'skipped', 'no IPC class given to match comparable deals on', null],
        ['cost', 'skipped', 'no replacement cost given', null],
      ],
    ]);
  });

  it('explains the income approach year by year and the market approach deal by deal', () => {
    const income = result.assets[0]!.methods[0]!;
    expect(income.inputs).toEqual({
      revenueShare: '0.5',
      royaltyRate: '0.05',
      incomeTaxRate: '0.15',
      discountRate: '0.15',
      economicLifeYears: '5.00',
    });
    // A: 5 years, so 5 rows; revenue × 0.5, royalty × 0.0425, factor 1 / 1.15^t.
    expect(income.cashFlows).toHaveLength(5);
    expect(income.cashFlows![0]).toEqual({
      year: 1,
      t: '1.00',
      revenue: '5000000.00',
      royaltyAfterTax: '212500.00',
      discountFactor: '0.8695652174',
      presentValue: '184782.61',
    });
    expect(income.cashFlows!.map((row) => [row.year, row.revenue, row.presentValue])).toEqual([
      [1, '5000000.00', '184782.61'],
      [2, '6000000.00', '192816.64'],
      [3, '7000000.00', '195611.08'],
      [4, '7000000.00', '170096.59'],
      [5, '7000000.00', '147910.08'],
    ]);
    // B: 6 years; C: 3 years.
    expect(result.assets.map((x) => x.methods[0]!.cashFlows?.length)).toEqual([5, 6, 3]);

    const market = result.assets[0]!.methods[1]!;
    expect(market.inputs).toEqual({
      ipcSubclass: 'H01L',
      subjectRemainingLifeYears: '10.00',
      comparableCount: '3',
    });
    expect(market.comparables).toEqual([
      {
        dealId: 'T-101',
        price: '2000000.00',
        remainingLifeYears: '8.00',
        adjustedPrice: '2500000.00',
      },
      {
        dealId: 'T-102',
        price: '1500000.00',
        remainingLifeYears: '12.00',
        adjustedPrice: '1250000.00',
      },
      {
        dealId: 'T-103',
        price: '1800000.00',
        remainingLifeYears: '10.00',
        adjustedPrice: '1800000.00',
      },
    ]);
    // Rows belong to the method that made them: none on a skipped market or on the cost approach.
    expect(result.assets[1]!.methods[1]!.comparables).toBeUndefined();
    expect(result.assets[0]!.methods[2]!.cashFlows).toBeUndefined();
    expect(result.assets[1]!.methods[2]!.inputs).toEqual({
      rdSpend: '300000.00',
      filingFees: '5000.00',
      maintenanceFees: '15000.00',
      replacementCost: '320000.00',
      remainingLifeYears: '6.00',
      totalLifeYears: '10.00',
    });
  });

  it('states the lives: legal 10 / 6 / 12 years, economic 5 / 6 / 3', () => {
    expect(result.assets.map((x) => [x.remainingLegalYears, x.economicLifeYears])).toEqual([
      ['10.00', '5.00'],
      ['6.00', '6.00'],
      ['12.00', '3.00'],
    ]);
  });

  it("sums each method over the assets it applied to, without the assets' rows", () => {
    for (const method of result.methods) {
      expect(method).not.toHaveProperty('cashFlows');
      expect(method).not.toHaveProperty('comparables');
    }
    expect(result.methods).toEqual([
      {
        method: 'income',
        status: 'applied',
        value: '1732401.79',
        inputs: { appliedTo: '3 of 3 assets', policyWeight: '0.6' },
      },
      {
        method: 'market',
        status: 'applied',
        value: '1800000.00',
        inputs: { appliedTo: '1 of 3 assets', policyWeight: '0.3' },
      },
      {
        method: 'cost',
        status: 'applied',
        value: '504500.00',
        inputs: { appliedTo: '2 of 3 assets', policyWeight: '0.1' },
      },
    ]);
  });

  it('scores each patent and the portfolio, weighing legal value highest for a pledge', () => {
    expect(result.assets.map((x) => x.score)).toEqual([
      { legal: 80, technical: 82, economic: 76, overall: 80 },
      { legal: 57, technical: 60, economic: 65, overall: 60 },
      { legal: 73, technical: 66, economic: 60, overall: 68 },
    ]);
    expect(result.score).toEqual({ legal: 72, technical: 74, economic: 71, overall: 73 });
  });

  it('says which defaults it took and what it skipped', () => {
    expect(result.assumptions).toEqual([
      "royalty rate not given: the center's rate for the electronics industry, 0.05, was used",
      "income tax at 0.15, the center's rate for high-tech enterprises",
      "discount rate not given: the center's rate, 0.15, was used",
      'ZL202120123456.2: economic life not given; taken as the remaining legal life, 6.00 years',
      'ZL202230123456.2: ratings not given were taken as 3 of 5 (technical.substitutability, technical.maturity, technical.scope, economic.marketSize, economic.marketShare, economic.competition, economic.policyFit)',
      'ZL202120123456.2: market approach not applied: 0 comparable deals for utility model patents in IPC subclass H01L by the reference date; at least 3 are needed',
      'ZL202230123456.2: market approach not applied: no IPC class given to match comparable deals on',
      'ZL202230123456.2: cost approach not applied: no replacement cost given',
    ]);
  });

  it('a higher royalty rate never lowers any asset value', () => {
    let previous = result.assets.map((x) => new Money(x.value));
    for (const royaltyRate of ['0.06', '0.08', '0.12']) {
      const next = computeValuation(
        { ...input, income: { ...input.income!, royaltyRate } },
        policy,
        comparables,
      );
      const values = next.assets.map((x) => new Money(x.value));
      values.forEach((v, i) => expect(v.greaterThanOrEqualTo(previous[i]!)).toBe(true));
      const sum = values.reduce((s, v) => s.plus(v), new Money(0));
      expect(sum.toFixed(2)).toBe(next.conclusion.value);
      previous = values;
    }
  });
});
