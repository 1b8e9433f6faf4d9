import { formatMoney, Money, sumMoney } from '@tf/core';
import { VALUATION_METHODS } from '@tf/contracts/vocabulary';
import { formatRate, roundMoney, type DecimalInput } from './format';
import type { MethodName, MethodResult, ValuationPolicy, ValuationResult } from './types';

/** One method's outcome for one asset before weighting; values unrounded. */
export type MethodOutcome = AppliedOutcome | SkippedOutcome;

/** Applied: its value, its figures and, per asset, the rows that explain it. */
type AppliedOutcome = { method: MethodName; status: 'applied'; value: Money } & Pick<
  MethodResult,
  'inputs' | 'cashFlows' | 'comparables'
>;

type SkippedOutcome = {
  method: MethodName;
  status: 'skipped';
  reason: string;
  inputs: Record<string, string>;
};

/** The outcome's rows, only those it has: no `cashFlows: undefined` keys in the result. */
function rowsOf(outcome: AppliedOutcome): Pick<MethodResult, 'cashFlows' | 'comparables'> {
  return Object.assign(
    {},
    outcome.cashFlows === undefined ? {} : { cashFlows: outcome.cashFlows },
    outcome.comparables === undefined ? {} : { comparables: outcome.comparables },
  );
}

export type MethodWeights = Record<MethodName, Money>;

export function policyWeights(
  policy: Pick<ValuationPolicy, 'weightIncome' | 'weightMarket' | 'weightCost'>,
): MethodWeights {
  return {
    income: new Money(policy.weightIncome),
    market: new Money(policy.weightMarket),
    cost: new Money(policy.weightCost),
  };
}

export interface AssetConclusion {
  /** Rounded to cents, half-up. */
  value: Money;
  methods: MethodResult[];
  /** Set when the policy gave every applied method weight 0, so they were weighted equally. */
  equalWeightsFallback: boolean;
}

/**
 * Weighs the applied methods by the policy weights re-normalised over them: value =
 * Σ w_m × v_m / Σ w_m. Each method value is rounded to cents first, so the conclusion can be
 * recomputed from the figures the report shows. No applied method → 0.00.
 */
export function concludeAsset(
  outcomes: readonly MethodOutcome[],
  weights: MethodWeights,
): AssetConclusion {
  const applied = outcomes.filter((o) => o.status === 'applied');
  const policyTotal = sumMoney(applied.map((o) => weights[o.method]));
  const equalWeightsFallback = applied.length > 0 && policyTotal.isZero();
  const weightOf = (method: MethodName): Money =>
    equalWeightsFallback ? new Money(1) : weights[method];
  const totalWeight = equalWeightsFallback ? new Money(applied.length) : policyTotal;

  const methods: MethodResult[] = outcomes.map((outcome) =>
    outcome.status === 'applied'
      ? {
          method: outcome.method,
          status: 'applied',
          value: formatMoney(outcome.value),
          weight: formatRate(weightOf(outcome.method).div(totalWeight)),
          inputs: outcome.inputs,
          ...rowsOf(outcome),
        }
      : {
          method: outcome.method,
          status: 'skipped',
          reason: outcome.reason,
          inputs: outcome.inputs,
        },
  );
  const weighted = sumMoney(applied.map((o) => roundMoney(o.value).times(weightOf(o.method))));
  const value = applied.length === 0 ? new Money(0) : roundMoney(weighted.div(totalWeight));
  return { value, methods, equalWeightsFallback };
}

/**
 * The portfolio conclusion: value = Σ asset values exactly (each already in cents, so nothing
 * appears or vanishes in rounding); low/high = value × (1 ∓ range ratio), rounded half-up.
 */
export function concludePortfolio(
  assetValues: readonly DecimalInput[],
  rangeRatio: DecimalInput,
): ValuationResult['conclusion'] {
  const value = sumMoney(assetValues.map((v) => new Money(v)));
  const ratio = new Money(rangeRatio);
  return {
    value: formatMoney(value),
    low: formatMoney(value.times(new Money(1).minus(ratio))),
    high: formatMoney(value.times(new Money(1).plus(ratio))),
    currency: 'CNY',
  };
}

/**
 * The portfolio view of each method: the sum of its (rounded) values over the assets it applied
 * to, with `appliedTo: "2 of 3 assets"`; skipped when it applied to none, with the assets' reasons.
 * It carries no rows: a cash flow or a comparable belongs to one asset (the assets' lives and
 * shares differ, so their years do not add up), and the rows stay on the assets' own results.
 */
export function summariseMethods(
  assetMethods: readonly (readonly MethodResult[])[],
  weights: MethodWeights,
): MethodResult[] {
  const count = assetMethods.length;
  return VALUATION_METHODS.map((method): MethodResult => {
    const results = assetMethods.flatMap((methods) => methods.filter((m) => m.method === method));
    const applied = results.filter((m) => m.status === 'applied');
    const inputs = {
      appliedTo: `${applied.length} of ${count} ${count === 1 ? 'asset' : 'assets'}`,
      policyWeight: formatRate(weights[method]),
    };
    if (applied.length === 0) {
      const reasons = [...new Set(results.map((m) => m.reason ?? 'not applied'))];
      return { method, status: 'skipped', reason: reasons.join('; '), inputs };
    }
    return {
      method,
      status: 'applied',
      value: formatMoney(sumMoney(applied.map((m) => new Money(m.value ?? 0)))),
      inputs,
    };
  });
}
