/**
 * The valuation domain's vocabulary: what an appraisal takes in and what it concludes. Plain
 * values only (money, rates and years are decimal strings, dates "YYYY-MM-DD"), so the methods
 * are pure functions that need neither Nest nor a database.
 */

import type { DeclaredError } from '@tf/core';
import type {
  AssetKind,
  LegalStatus,
  LicenceStatus,
  MethodName,
  MethodStatus,
  PatentType,
  Purpose,
} from '@tf/contracts/vocabulary';

export {
  ASSET_KINDS,
  LEGAL_STATUSES,
  LICENCE_STATUSES,
  PATENT_TYPES,
  PURPOSES,
  type AssetKind,
  type LegalStatus,
  type LicenceStatus,
  type PatentType,
  type Purpose,
} from '@tf/contracts/vocabulary';

/** The analyst's ratings, 1 (weak) to 5 (strong); 3 when not given (and said so in the assumptions). */
export interface TechnicalRatings {
  advancement: number;
  /** 5 = hard to substitute. */
  substitutability: number;
  maturity: number;
  /** Breadth of application. */
  scope: number;
}

export interface EconomicRatings {
  marketSize: number;
  marketShare: number;
  /** 5 = little competition. */
  competition: number;
  /** Fit with industrial policy. */
  policyFit: number;
}

/** Cost approach inputs, money strings. */
export interface ReplacementCost {
  rdSpend: string;
  filingFees: string;
  maintenanceFees: string;
}

interface AssetCommon {
  /** Patent: CN/ZL application or patent number; copyright: registration number; know-how: internal reference. */
  number: string;
  title: string;
  /** Remaining economic life in years, decimal string; for patents capped at the remaining legal life. */
  economicLifeYears?: string;
  /** Share of the portfolio's revenue earned by this asset ("0.4"); equal split when no asset gives one. */
  revenueShare?: string;
  replacementCost?: ReplacementCost;
  technical?: Partial<TechnicalRatings>;
  economic?: Partial<EconomicRatings>;
}

export interface PatentAsset extends AssetCommon {
  kind: 'patent';
  patentType: PatentType;
  filedOn: string;
  grantedOn?: string;
  legalStatus: LegalStatus;
  claims?: number;
  /** IPC class, e.g. "H01L 23/00"; its subclass ("H01L") matches market comparables. */
  ipcClass?: string;
  /** Countries where family members are filed, e.g. ["US", "EP"]. */
  familyCountries?: string[];
  licenceStatus?: LicenceStatus;
  /** Already pledged under another loan: an encumbrance. */
  pledged?: boolean;
}

/** Software copyright: no patent term; its economic life must be given. */
export interface SoftwareCopyrightAsset extends AssetCommon {
  kind: 'software_copyright';
  createdOn: string;
  economicLifeYears: string;
}

/** Know-how (technical secrets): no legal term; its economic life must be given. */
export interface KnowHowAsset extends AssetCommon {
  kind: 'know_how';
  createdOn: string;
  economicLifeYears: string;
}

export type Asset = PatentAsset | SoftwareCopyrightAsset | KnowHowAsset;

/** Income approach inputs for the portfolio. */
export interface IncomeInput {
  /** Forecast revenue of the products using the assets, year 1, 2, ...; later years repeat the last. */
  annualRevenue: string[];
  royaltyRate?: string;
  discountRate?: string;
}

/** The tenant policy values the methods use (DOMAIN.md *policy*). */
export interface ValuationPolicy {
  defaultRoyaltyRate: string;
  royaltyRatesByIndustry: Record<string, string>;
  incomeTaxRate: string;
  highTechIncomeTaxRate: string;
  discountRate: string;
  weightIncome: string;
  weightMarket: string;
  weightCost: string;
  valuationRangeRatio: string;
  valuationValidityMonths: number;
}

/** A closed deal on the trading service, as a market comparable. */
export interface Comparable {
  dealId: string;
  patentType: PatentType;
  ipcClass: string;
  price: string;
  /** Remaining legal life of the sold patent at the deal date, years. */
  remainingLifeYears: string;
  closedOn: string;
}

export interface ValuationInput {
  purpose: Purpose;
  referenceDate: string;
  assets: Asset[];
  income?: IncomeInput;
  enterprise: { industry?: string; highTech: boolean };
}

export type { MethodName };

/** One method applied to one asset (or summed over the portfolio): its inputs, steps and result. */
export interface MethodResult {
  method: MethodName;
  status: MethodStatus;
  /** Money string, 2 places, when applied. */
  value?: string;
  /** The weight it carried in the conclusion after re-normalising, when applied. */
  weight?: string;
  /** Why it was skipped. */
  reason?: string;
  /** The figures it used, as strings, for the explanation and the report (rates, weights, shares). */
  inputs: Record<string, string>;
  /** Income approach, per asset: the projection year by year. */
  cashFlows?: CashFlowRow[];
  /** Market approach, per asset: the deals compared and how each was adjusted. */
  comparables?: ComparableRow[];
}

/** One period of the income approach's projection, rounded for display. */
export interface CashFlowRow {
  /** 1-based year of the forecast whose revenue it uses. */
  year: number;
  /** Discount time in years, 2 places ("5.40" for a partial sixth year). */
  t: string;
  /** The asset's share of the revenue for the period (money). */
  revenue: string;
  /** revenue × royalty rate × (1 − income tax) (money). */
  royaltyAfterTax: string;
  /** 1 / (1 + discount rate)^t, 10 places. */
  discountFactor: string;
  /** royaltyAfterTax × discountFactor (money). */
  presentValue: string;
}

/** One closed deal of the market approach. */
export interface ComparableRow {
  dealId: string;
  /** The deal's price (money). */
  price: string;
  remainingLifeYears: string;
  /** price × (subject's remaining life ÷ the deal's) (money). */
  adjustedPrice: string;
}

/** GB/T 42748-2023-style quality score, each 0-100 (whole numbers). */
export interface QualityScore {
  legal: number;
  technical: number;
  economic: number;
  overall: number;
}

export interface AssetValuation {
  number: string;
  kind: AssetKind;
  title: string;
  /** Years, 2 places; null for assets without a legal term. */
  remainingLegalYears: string | null;
  economicLifeYears: string;
  methods: MethodResult[];
  /** Concluded value of this asset, money string. */
  value: string;
  score: QualityScore;
}

export interface ValuationResult {
  /** value = Σ asset values exactly; low/high = value × (1 ∓ range ratio). */
  conclusion: { value: string; low: string; high: string; currency: 'CNY' };
  /** Portfolio view of each method: the sum over the assets it applied to. */
  methods: MethodResult[];
  assets: AssetValuation[];
  score: QualityScore;
  /** Plain sentences: defaults taken, caps applied, methods skipped. */
  assumptions: string[];
  /** The figures the methods used (royaltyRate, incomeTaxRate, discountRate, weights, rangeRatio). */
  parameters: Record<string, string>;
}

/** A problem with the input: 400 (invalid) or, with a rule, 422 (a business rule said no). */
export interface ValuationProblem {
  field: string;
  message: string;
  /** The business rule that said no (a declared 422), for a valid input that cannot be valued. */
  rule?: DeclaredError;
}
