import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { valuation, type tenancy } from '@tf/contracts';
import type { ValuationAssetEntity, ValuationEntity } from './valuation.entity';
import type {
  Asset,
  AssetKind,
  EconomicRatings,
  IncomeInput,
  LegalStatus,
  LicenceStatus,
  MethodResult,
  PatentType,
  QualityScore,
  TechnicalRatings,
  ValuationPolicy,
} from './domain/types';

/** Proto leaves absent strings empty and absent numbers 0: both mean "not given" here. */
const given = (value: string): string | undefined => (value === '' ? undefined : value);
const rating = (value: number): number | undefined => (value === 0 ? undefined : value);

function ratings<T extends object>(entries: [keyof T, number][]): Partial<T> | undefined {
  const present = entries.filter(([, v]) => v !== 0);
  return present.length
    ? (Object.fromEntries(present.map(([k, v]) => [k, rating(v)])) as Partial<T>)
    : undefined;
}

/** Wire asset → domain asset; which fields a kind needs is checked by the domain validation. */
export function assetFromMessage(a: valuation.Asset): Asset {
  const common = {
    number: a.number.trim(),
    title: a.title.trim(),
    economicLifeYears: given(a.economicLifeYears),
    revenueShare: given(a.revenueShare),
    replacementCost: a.replacementCost
      ? {
          rdSpend: a.replacementCost.rdSpend || '0',
          filingFees: a.replacementCost.filingFees || '0',
          maintenanceFees: a.replacementCost.maintenanceFees || '0',
        }
      : undefined,
    technical: a.technical
      ? ratings<TechnicalRatings>([
          ['advancement', a.technical.advancement],
          ['substitutability', a.technical.substitutability],
          ['maturity', a.technical.maturity],
          ['scope', a.technical.scope],
        ])
      : undefined,
    economic: a.economic
      ? ratings<EconomicRatings>([
          ['marketSize', a.economic.marketSize],
          ['marketShare', a.economic.marketShare],
          ['competition', a.economic.competition],
          ['policyFit', a.economic.policyFit],
        ])
      : undefined,
  };
  switch (a.kind as AssetKind) {
    case 'software_copyright':
      return {
        ...common,
        kind: 'software_copyright',
        createdOn: a.createdOn,
        economicLifeYears: a.economicLifeYears,
      };
    case 'know_how':
      return {
        ...common,
        kind: 'know_how',
        createdOn: a.createdOn,
        economicLifeYears: a.economicLifeYears,
      };
    case 'patent':
    default:
      return {
        ...common,
        kind: 'patent',
        patentType: a.patentType as PatentType,
        filedOn: a.filedOn,
        grantedOn: given(a.grantedOn),
        legalStatus: a.legalStatus as LegalStatus,
        claims: a.claims || undefined,
        ipcClass: given(a.ipcClass),
        familyCountries: a.familyCountries.length ? a.familyCountries : undefined,
        licenceStatus: (given(a.licenceStatus) as LicenceStatus | undefined) ?? undefined,
        pledged: a.pledged || undefined,
      };
  }
}

export function incomeFromMessage(
  income: valuation.IncomeInput | undefined,
): IncomeInput | undefined {
  if (!income || income.annualRevenue.length === 0) return undefined;
  return {
    annualRevenue: income.annualRevenue,
    royaltyRate: given(income.royaltyRate),
    discountRate: given(income.discountRate),
  };
}

export function valuationPolicyFrom(policy: tenancy.Policy): ValuationPolicy {
  return {
    defaultRoyaltyRate: policy.defaultRoyaltyRate,
    royaltyRatesByIndustry: policy.royaltyRatesByIndustry,
    incomeTaxRate: policy.incomeTaxRate,
    highTechIncomeTaxRate: policy.highTechIncomeTaxRate,
    discountRate: policy.discountRate,
    weightIncome: policy.weightIncome,
    weightMarket: policy.weightMarket,
    weightCost: policy.weightCost,
    valuationRangeRatio: policy.valuationRangeRatio,
    valuationValidityMonths: policy.valuationValidityMonths,
  };
}

function methodMessage(m: MethodResult): valuation.MethodResult {
  return {
    $typeName: 'tf.valuation.v1.MethodResult',
    method: m.method,
    status: m.status,
    value: m.value ?? '',
    weight: m.weight ?? '',
    reason: m.reason ?? '',
    inputs: m.inputs,
  };
}

function scoreMessage(s: QualityScore): valuation.QualityScore {
  return { $typeName: 'tf.valuation.v1.QualityScore', ...s };
}

export function valuationToMessage(
  v: ValuationEntity,
  assets: ValuationAssetEntity[],
): valuation.Valuation {
  return {
    $typeName: 'tf.valuation.v1.Valuation',
    id: v.id,
    tenant: v.tenantId,
    enterpriseId: v.enterpriseId,
    purpose: v.purpose,
    referenceDate: v.referenceDate,
    status: v.status,
    conclusion: {
      $typeName: 'tf.valuation.v1.Conclusion',
      value: v.value,
      low: v.low,
      high: v.high,
      currency: v.currency,
    },
    methods: v.methods.map(methodMessage),
    score: scoreMessage(v.score),
    assets: [...assets]
      .sort((a, b) => a.position - b.position)
      .map((a) => ({
        $typeName: 'tf.valuation.v1.AssetValuation' as const,
        asset: fromJson(valuation.AssetSchema, a.input as JsonValue),
        remainingLegalYears: a.remainingLegalYears ?? '',
        economicLifeYears: a.economicLifeYears,
        methods: a.methods.map(methodMessage),
        value: a.value,
        score: scoreMessage(a.score),
      })),
    assumptions: v.assumptions,
    parameters: v.parameters,
    preparedBy: v.preparedBy,
    preparedAt: v.preparedAt.toISOString(),
    approvedBy: v.approvedBy ?? '',
    approvedAt: v.approvedAt?.toISOString() ?? '',
    validUntil: v.validUntil ?? '',
    rejectedBy: v.rejectedBy ?? '',
    rejectionReason: v.rejectionReason ?? '',
    supersededBy: v.supersededBy ?? '',
  };
}
