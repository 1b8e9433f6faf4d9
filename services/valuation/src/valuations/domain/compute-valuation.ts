import { formatMoney, Money } from '@tf/core';
import { VALUATION_METHODS } from '@tf/contracts/vocabulary';
import {
  concludeAsset,
  concludePortfolio,
  policyWeights,
  summariseMethods,
  type MethodOutcome,
} from './conclusion';
import { costApproach } from './cost-approach';
import { formatRate, formatYears } from './format';
import { incomeApproach } from './income-approach';
import { marketApproach } from './market-approach';
import { assetQualityScore, portfolioQualityScore } from './quality-score';
import { economicLife, legalExpiry, type EconomicLife } from './remaining-life';
import type {
  Asset,
  AssetValuation,
  CashFlowRow,
  Comparable,
  ComparableRow,
  MethodName,
  ValuationInput,
  ValuationPolicy,
  ValuationResult,
} from './types';

interface IncomeParameters {
  annualRevenue: string[];
  royaltyRate: Money;
  incomeTaxRate: Money;
  discountRate: Money;
  /** Per asset, in the order of input.assets. */
  shares: Money[];
}

/** The royalty, tax and discount rates and the revenue shares, with a sentence per default taken. */
function incomeParameters(
  input: ValuationInput,
  policy: ValuationPolicy,
  lives: readonly EconomicLife[],
  assumptions: string[],
): IncomeParameters | null {
  const income = input.income;
  if (!income || income.annualRevenue.length === 0) return null;

  let royaltyRate: Money;
  const industry = input.enterprise.industry;
  const industryRate =
    industry !== undefined && Object.hasOwn(policy.royaltyRatesByIndustry, industry)
      ? policy.royaltyRatesByIndustry[industry]
      : undefined;
  if (income.royaltyRate !== undefined) {
    royaltyRate = new Money(income.royaltyRate);
  } else if (industryRate !== undefined) {
    royaltyRate = new Money(industryRate);
    assumptions.push(
      `royalty rate not given: the center's rate for the ${industry} industry, ${formatRate(royaltyRate)}, was used`,
    );
  } else {
    royaltyRate = new Money(policy.defaultRoyaltyRate);
    assumptions.push(
      `royalty rate not given: the center's default rate, ${formatRate(royaltyRate)}, was used` +
        (industry === undefined ? '' : ` (it sets no rate for the ${industry} industry)`),
    );
  }

  const highTech = input.enterprise.highTech;
  const incomeTaxRate = new Money(highTech ? policy.highTechIncomeTaxRate : policy.incomeTaxRate);
  assumptions.push(
    `income tax at ${formatRate(incomeTaxRate)}, the center's rate for ${highTech ? 'high-tech enterprises' : 'enterprises not recognised as high-tech'}`,
  );

  let discountRate: Money;
  if (income.discountRate !== undefined) {
    discountRate = new Money(income.discountRate);
  } else {
    discountRate = new Money(policy.discountRate);
    assumptions.push(
      `discount rate not given: the center's rate, ${formatRate(discountRate)}, was used`,
    );
  }

  let shares: Money[];
  if (input.assets.some((asset) => asset.revenueShare !== undefined)) {
    shares = input.assets.map((asset) => new Money(asset.revenueShare ?? 0));
  } else {
    const earning = lives.filter((life) => life.years.greaterThan(0)).length;
    const equal = earning === 0 ? new Money(0) : new Money(1).div(earning);
    shares = lives.map((life) => (life.years.greaterThan(0) ? equal : new Money(0)));
    if (earning > 0) {
      const idle = input.assets.filter((_, i) => !lives[i]?.years.greaterThan(0));
      assumptions.push(
        `revenue shares not given: the revenue was split equally among the ${earning === 1 ? 'asset' : `${earning} assets`} with remaining economic life (${formatRate(equal)} each)` +
          (idle.length === 0
            ? ''
            : `; ${idle.map((a) => a.number).join(', ')} ${idle.length === 1 ? 'has' : 'have'} none left and ${idle.length === 1 ? 'takes' : 'take'} no share`),
      );
    }
  }

  return {
    annualRevenue: income.annualRevenue,
    royaltyRate,
    incomeTaxRate,
    discountRate,
    shares,
  };
}

function incomeOutcome(
  params: IncomeParameters | null,
  index: number,
  life: EconomicLife,
): MethodOutcome {
  if (!params) {
    return {
      method: 'income',
      status: 'skipped',
      reason: 'no revenue forecast given (income.annualRevenue)',
      inputs: {},
    };
  }
  const revenueShare = params.shares[index] ?? new Money(0);
  const { value, rows } = incomeApproach({
    annualRevenue: params.annualRevenue,
    revenueShare,
    royaltyRate: params.royaltyRate,
    incomeTaxRate: params.incomeTaxRate,
    discountRate: params.discountRate,
    years: life.years,
  });
  const inputs: Record<string, string> = {
    revenueShare: formatRate(revenueShare),
    royaltyRate: formatRate(params.royaltyRate),
    incomeTaxRate: formatRate(params.incomeTaxRate),
    discountRate: formatRate(params.discountRate),
    economicLifeYears: formatYears(life.years),
  };
  // Each figure rounded on its own for display: Σ of the shown present values can differ from the
  // (rounded) value by up to half a cent per row.
  const cashFlows: CashFlowRow[] = rows.map((row) => ({
    year: row.year,
    t: formatYears(row.t),
    revenue: formatMoney(row.revenue),
    royaltyAfterTax: formatMoney(row.royaltyAfterTax),
    discountFactor: formatRate(row.discountFactor),
    presentValue: formatMoney(row.presentValue),
  }));
  return { method: 'income', status: 'applied', value, inputs, cashFlows };
}

function marketOutcome(
  asset: Asset,
  referenceDate: string,
  comparables: readonly Comparable[],
): MethodOutcome {
  const result = marketApproach(asset, referenceDate, comparables);
  if (result.status === 'skipped') {
    return { method: 'market', status: 'skipped', reason: result.reason, inputs: {} };
  }
  const inputs: Record<string, string> = {
    ipcSubclass: result.subclass,
    subjectRemainingLifeYears: formatYears(result.subjectRemainingYears),
    comparableCount: String(result.comparables.length),
  };
  const rows: ComparableRow[] = result.comparables.map((deal) => ({
    dealId: deal.dealId,
    price: formatMoney(deal.price),
    remainingLifeYears: formatYears(deal.remainingLifeYears),
    adjustedPrice: formatMoney(deal.adjustedPrice),
  }));
  return { method: 'market', status: 'applied', value: result.value, inputs, comparables: rows };
}

function costOutcome(asset: Asset, referenceDate: string): MethodOutcome {
  const result = costApproach(asset, referenceDate);
  if (result.status === 'skipped') {
    return { method: 'cost', status: 'skipped', reason: result.reason, inputs: {} };
  }
  return {
    method: 'cost',
    status: 'applied',
    value: result.value,
    inputs: {
      rdSpend: formatMoney(result.rdSpend),
      filingFees: formatMoney(result.filingFees),
      maintenanceFees: formatMoney(result.maintenanceFees),
      replacementCost: formatMoney(result.replacementCost),
      remainingLifeYears: formatYears(result.remainingLife),
      totalLifeYears: formatYears(result.totalLife),
    },
  };
}

/** Sentences on how an asset's life was set: a lapse, an ended term, a default or a cap. */
function lifeAssumption(asset: Asset, life: EconomicLife): string | null {
  if (asset.kind !== 'patent' || life.legalYears === null) return null;
  if (asset.legalStatus === 'lapsed') return `${asset.number}: lapsed, so it has no remaining life`;
  if (life.legalYears.isZero()) {
    return `${asset.number}: its term ended on ${legalExpiry(asset.patentType, asset.filedOn)}, so it has no remaining life`;
  }
  switch (life.basis) {
    case 'legal':
      return `${asset.number}: economic life not given; taken as the remaining legal life, ${formatYears(life.legalYears)} years`;
    case 'capped-at-legal':
      return `${asset.number}: economic life of ${asset.economicLifeYears} years capped at the remaining legal life, ${formatYears(life.legalYears)} years`;
    case 'given':
      return null;
  }
}

const METHOD_LABELS: Record<MethodName, string> = {
  income: 'income approach',
  market: 'market approach',
  cost: 'cost approach',
};

/** One sentence when a method was skipped for every asset for one reason, else one per asset. */
function skippedMethodAssumptions(assets: readonly AssetValuation[]): string[] {
  return VALUATION_METHODS.flatMap((method) => {
    const skipped = assets.flatMap((asset) =>
      asset.methods
        .filter((m) => m.method === method && m.status === 'skipped')
        .map((m) => ({ number: asset.number, reason: m.reason ?? 'not applied' })),
    );
    const reasons = new Set(skipped.map((s) => s.reason));
    if (skipped.length === 0) return [];
    if (skipped.length === assets.length && reasons.size === 1) {
      return [`${METHOD_LABELS[method]} not applied: ${skipped[0]?.reason}`];
    }
    return skipped.map((s) => `${s.number}: ${METHOD_LABELS[method]} not applied: ${s.reason}`);
  });
}

/**
 * Values a portfolio by the income, market and cost approaches and weighs them per asset; assumes
 * `valuationProblems(input)` found nothing. Money is rounded to cents only where shown: each
 * method value, each asset value; the portfolio value is the exact sum of the asset values.
 */
export function computeValuation(
  input: ValuationInput,
  policy: ValuationPolicy,
  comparables: readonly Comparable[],
): ValuationResult {
  const referenceDate = input.referenceDate;
  const weights = policyWeights(policy);
  const lives = input.assets.map((asset) => economicLife(asset, referenceDate));
  const portfolioAssumptions: string[] = [];
  const params = incomeParameters(input, policy, lives, portfolioAssumptions);
  const assetAssumptions: string[] = [];

  const assets: AssetValuation[] = input.assets.map((asset, index) => {
    const life = lives[index] as EconomicLife;
    const lifeSentence = lifeAssumption(asset, life);
    if (lifeSentence) assetAssumptions.push(lifeSentence);

    const conclusion = concludeAsset(
      [
        incomeOutcome(params, index, life),
        marketOutcome(asset, referenceDate, comparables),
        costOutcome(asset, referenceDate),
      ],
      weights,
    );
    if (conclusion.methods.every((m) => m.status === 'skipped')) {
      assetAssumptions.push(`${asset.number}: no method could be applied, so it is valued at 0.00`);
    }
    if (conclusion.equalWeightsFallback) {
      assetAssumptions.push(
        `${asset.number}: the center's policy gives the applied methods no weight, so they were weighted equally`,
      );
    }

    const { score, assumption } = assetQualityScore(asset, referenceDate, input.purpose);
    if (assumption) assetAssumptions.push(assumption);

    return {
      number: asset.number,
      kind: asset.kind,
      title: asset.title,
      remainingLegalYears: life.legalYears === null ? null : formatYears(life.legalYears),
      economicLifeYears: formatYears(life.years),
      methods: conclusion.methods,
      value: formatMoney(conclusion.value),
      score,
    };
  });

  return {
    conclusion: concludePortfolio(
      assets.map((a) => a.value),
      policy.valuationRangeRatio,
    ),
    methods: summariseMethods(
      assets.map((a) => a.methods),
      weights,
    ),
    assets,
    score: portfolioQualityScore(assets),
    assumptions: [
      ...portfolioAssumptions,
      ...assetAssumptions,
      ...skippedMethodAssumptions(assets),
    ],
    parameters: Object.assign(
      {} as Record<string, string>,
      params
        ? {
            royaltyRate: formatRate(params.royaltyRate),
            incomeTaxRate: formatRate(params.incomeTaxRate),
            discountRate: formatRate(params.discountRate),
          }
        : {},
      {
        weightIncome: policy.weightIncome,
        weightMarket: policy.weightMarket,
        weightCost: policy.weightCost,
        valuationRangeRatio: policy.valuationRangeRatio,
      },
    ),
  };
}
