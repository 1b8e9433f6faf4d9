import { defineErrors } from '@tf/core';

/** Why an SME's IP is valued (API.md "Valuation"). */
export const PURPOSES = ['pledge', 'transfer', 'investment', 'reporting'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const ASSET_KINDS = ['patent', 'software_copyright', 'know_how'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const PATENT_TYPES = ['invention', 'utility_model', 'design'] as const;
export type PatentType = (typeof PATENT_TYPES)[number];

export const LEGAL_STATUSES = ['granted', 'pending', 'lapsed'] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

export const LICENCE_STATUSES = ['none', 'non_exclusive', 'sole', 'exclusive'] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

/** An industry code of the royalty-rate table ("integrated-circuits"), and how many it may hold. */
export const INDUSTRY_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_INDUSTRY_RATES = 200;

/** The three approaches of an appraisal, in the order a report shows them. */
export const VALUATION_METHODS = ['income', 'market', 'cost'] as const;
export type MethodName = (typeof VALUATION_METHODS)[number];

/** A method is applied when its inputs are present, else skipped with a reason. */
export const METHOD_OUTCOMES = ['applied', 'skipped'] as const;
export type MethodStatus = (typeof METHOD_OUTCOMES)[number];

/** A valuation's states (services/valuation/src/valuations/domain/workflow.ts has the rules). */
export const VALUATION_STATUSES = [
  'computed',
  'approved',
  'rejected',
  'superseded',
  'expired',
] as const;
export type ValuationStatus = (typeof VALUATION_STATUSES)[number];

/** What the valuation service refuses, and how a client sees it. */
export const ValuationErrors = defineErrors({
  VALUATION_NOT_FOUND: { status: 404 },
  INVALID_VALUATION: { status: 400 },
  APPROVER_NOT_ANALYST: { status: 403 },
  VALUATION_NOT_COMPUTED: { status: 409 },
  FOUR_EYES: { status: 422 },
  VALUATION_STALE: { status: 422 },
  PLEDGE_VALUE_HELD: { status: 422 },
  NO_VALUATION_METHOD: { status: 422 },
  EXPIRED_PATENT_PLEDGE: { status: 422 },
  UNGRANTED_PATENT_PLEDGE: { status: 422 },
  UNPLEDGEABLE_ASSET: { status: 422 },
});
