import { Money, RATE_PATTERN } from '@tf/platform';

/**
 * A center's policy parameters (DOMAIN.md, values marked *policy*). Rates and ratios are decimal
 * strings, whole numbers are numbers. Field names match the proto Policy message (camelCase).
 */
export interface PolicyValues {
  loanPrimeRate: string;
  penaltyRateMultiplier: string;
  ltvCapInvention: string;
  ltvCapUtilityModel: string;
  ltvCapDesign: string;
  leverageMultiple: number;
  guaranteeFeeRateCap: string;
  singleClientLimitRatio: string;
  groupLimitRatio: string;
  riskShareInstitution: string;
  riskShareReguarantee: string;
  riskShareBank: string;
  riskShareGovernment: string;
  defaultRoyaltyRate: string;
  /** Royalty rate by industry code; industries not listed take defaultRoyaltyRate. */
  royaltyRatesByIndustry: Record<string, string>;
  incomeTaxRate: string;
  highTechIncomeTaxRate: string;
  discountRate: string;
  weightIncome: string;
  weightMarket: string;
  weightCost: string;
  valuationRangeRatio: string;
  valuationValidityMonths: number;
  commissionRate: string;
  auctionExtensionMinutes: number;
}

export const DEFAULT_POLICY: Readonly<PolicyValues> = Object.freeze({
  loanPrimeRate: '0.0300',
  penaltyRateMultiplier: '1.5',
  ltvCapInvention: '0.40',
  ltvCapUtilityModel: '0.25',
  ltvCapDesign: '0.20',
  // 10× net assets; 15× for institutions serving mainly small and micro enterprises.
  leverageMultiple: 10,
  guaranteeFeeRateCap: '0.01',
  singleClientLimitRatio: '0.10',
  groupLimitRatio: '0.15',
  // The "4-3-2-1" split of government financing guarantees.
  riskShareInstitution: '0.40',
  riskShareReguarantee: '0.30',
  riskShareBank: '0.20',
  riskShareGovernment: '0.10',
  defaultRoyaltyRate: '0.03',
  royaltyRatesByIndustry: {},
  incomeTaxRate: '0.25',
  highTechIncomeTaxRate: '0.15',
  discountRate: '0.15',
  weightIncome: '0.6',
  weightMarket: '0.3',
  weightCost: '0.1',
  valuationRangeRatio: '0.15',
  valuationValidityMonths: 12,
  commissionRate: '0.03',
  auctionExtensionMinutes: 5,
});

export const POLICY_FIELDS = Object.keys(DEFAULT_POLICY) as (keyof PolicyValues)[];

export interface PolicyProblem {
  field: string;
  message: string;
}

/** Every rule a policy must keep; returns the problems (empty when valid). */
export function policyProblems(policy: PolicyValues): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const ratio = (field: keyof PolicyValues, { max = '1', allowZero = false } = {}) => {
    const value = String(policy[field]);
    if (!RATE_PATTERN.test(value)) {
      problems.push({
        field: `policy.${field}`,
        message: 'must be a decimal string such as "0.15"',
      });
      return;
    }
    const d = new Money(value);
    if ((!allowZero && d.isZero()) || d.greaterThan(max)) {
      problems.push({
        field: `policy.${field}`,
        message: `must be ${allowZero ? 'at least 0' : 'above 0'} and at most ${max}`,
      });
    }
  };
  const whole = (field: keyof PolicyValues, min: number, max: number) => {
    const value = policy[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problems.push({
        field: `policy.${field}`,
        message: `must be a whole number from ${min} to ${max}`,
      });
    }
  };

  ratio('loanPrimeRate', { max: '0.5' });
  ratio('penaltyRateMultiplier', { max: '5' });
  (['ltvCapInvention', 'ltvCapUtilityModel', 'ltvCapDesign'] as const).forEach((f) => ratio(f));
  whole('leverageMultiple', 1, 15);
  ratio('guaranteeFeeRateCap', { max: '0.1' });
  ratio('singleClientLimitRatio');
  ratio('groupLimitRatio');
  (
    [
      'riskShareInstitution',
      'riskShareReguarantee',
      'riskShareBank',
      'riskShareGovernment',
    ] as const
  ).forEach((f) => ratio(f, { allowZero: true }));
  ratio('defaultRoyaltyRate');
  for (const [industry, rate] of Object.entries(policy.royaltyRatesByIndustry ?? {})) {
    const field = `policy.royaltyRatesByIndustry.${industry}`;
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(industry)) {
      problems.push({ field, message: 'industry codes are lower-case letters, digits and dashes' });
    } else if (
      typeof rate !== 'string' ||
      !RATE_PATTERN.test(rate) ||
      new Money(rate).isZero() ||
      new Money(rate).greaterThanOrEqualTo(1)
    ) {
      problems.push({
        field,
        message: 'must be a decimal string above 0 and below 1, such as "0.05"',
      });
    }
  }
  ratio('incomeTaxRate', { allowZero: true });
  ratio('highTechIncomeTaxRate', { allowZero: true });
  ratio('discountRate');
  (['weightIncome', 'weightMarket', 'weightCost'] as const).forEach((f) =>
    ratio(f, { allowZero: true }),
  );
  ratio('valuationRangeRatio', { max: '0.9' });
  whole('valuationValidityMonths', 1, 60);
  ratio('commissionRate', { allowZero: true, max: '0.2' });
  whole('auctionExtensionMinutes', 0, 60);
  if (problems.length > 0) return problems;

  const sum = (fields: (keyof PolicyValues)[]) =>
    fields.reduce((acc, f) => acc.plus(String(policy[f])), new Money(0));
  if (
    !sum([
      'riskShareInstitution',
      'riskShareReguarantee',
      'riskShareBank',
      'riskShareGovernment',
    ]).equals(1)
  ) {
    problems.push({
      field: 'policy.riskShareInstitution',
      message: 'the four risk shares must add up to exactly 1',
    });
  }
  if (!sum(['weightIncome', 'weightMarket', 'weightCost']).equals(1)) {
    problems.push({
      field: 'policy.weightIncome',
      message: 'the three method weights must add up to exactly 1',
    });
  }
  if (new Money(policy.groupLimitRatio).lessThan(policy.singleClientLimitRatio)) {
    problems.push({
      field: 'policy.groupLimitRatio',
      message: 'must not be below singleClientLimitRatio',
    });
  }
  return problems;
}

/** Applies the named fields of a partial policy over a full one (fields not named keep their value). */
export function mergePolicy(
  base: PolicyValues,
  changes: Partial<PolicyValues>,
  fields: readonly string[],
): PolicyValues {
  const merged: PolicyValues = { ...base };
  for (const field of fields) {
    if (!(POLICY_FIELDS as string[]).includes(field)) continue;
    const key = field as keyof PolicyValues;
    const value = changes[key];
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}
