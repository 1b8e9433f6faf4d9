import { defineErrors } from '@tf/core';

/** How a loan is repaid, monthly (DOMAIN.md "Credit"). */
export const REPAYMENT_METHODS = ['equal_installment', 'equal_principal', 'interest_only'] as const;
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];

/**
 * The seeded products: `ip-pledge` lends against approved patent valuations, `guaranteed` against
 * an approved guarantee of the center's institution, `credit` against neither (a smaller limit).
 */
/**
 * `linked`: investment-linked (投贷联动), lent to an enterprise the center's fund has invested in,
 * up to what the fund invested, with a warrant for the bank recorded on the loan and the holding.
 */
export const PRODUCT_CODES = ['ip-pledge', 'guaranteed', 'credit', 'linked'] as const;
export type ProductCode = (typeof PRODUCT_CODES)[number];

/** The five categories of the 2023 rules on risk classification of financial assets. */
export const LOAN_CLASSIFICATIONS = [
  'normal',
  'special_mention',
  'substandard',
  'doubtful',
  'loss',
] as const;
export type LoanClassification = (typeof LOAN_CLASSIFICATIONS)[number];

/** The non-performing classes: the NPL ratio's numerator. */
export const NON_PERFORMING = ['substandard', 'doubtful', 'loss'] as const;

/**
 * A loan: approved (underwritten) → active (disbursed) → closed (repaid) | defaulted (over 90
 * days past due) → closed once recovered or written off.
 */
export const LOAN_STATUSES = ['approved', 'active', 'defaulted', 'closed'] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

/** States in which a loan holds its collateral and its guarantee. */
export const LIVE_LOAN_STATUSES = [
  'approved',
  'active',
  'defaulted',
] as const satisfies readonly LoanStatus[];

export const APPLICATION_STATUSES = ['approved', 'declined'] as const;

/** Why underwriting declined an application: every rule that failed is listed. */
export const DECLINE_REASONS = [
  'ltv-exceeded',
  'collateral-already-pledged',
  'guarantee-not-approved',
  'guarantee-other-enterprise',
  'guarantee-other-lender',
  'guarantee-too-small',
  'guarantee-term-too-short',
  'guarantee-in-use',
  'no-closed-investment',
  'over-investment',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** How an installment stands: paid in full, partly, not yet due, or due and unpaid. */
export const INSTALLMENT_STATUSES = ['pending', 'partially_paid', 'paid', 'overdue'] as const;

export const MAX_LOAN_TERM_MONTHS = 360;
/**
 * How far back a bank may date an application (`appliedOn`) when it brings the loans it made
 * before joining the center: three years, the span the center's statistics report on.
 */
export const HISTORICAL_BOOK_MONTHS = 36;
export const MAX_COLLATERAL = 20;

/** What the credit service refuses, and how a client sees it. */
export const CreditErrors = defineErrors({
  LOAN_NOT_FOUND: { status: 404 },
  APPLICATION_NOT_FOUND: { status: 404 },
  LOAN_GUARANTEE_NOT_FOUND: { status: 404 },
  INVALID_LOAN: { status: 400 },
  UNKNOWN_PRODUCT: { status: 400 },
  OUTSIDE_PRODUCT: { status: 400 },
  COLLATERAL_NOT_PLEDGEABLE: { status: 422 },
  LOAN_NOT_APPROVED: { status: 409 },
  LOAN_NOT_ACTIVE: { status: 409 },
  REPAYMENT_BEFORE_DISBURSEMENT: { status: 422 },
  REPAYMENT_BACKDATED: { status: 409 },
  OVERPAYMENT: { status: 422 },
  CLASSIFICATION_RUN_BACKWARDS: { status: 409 },
  CLASSIFICATION_NOT_ANALYST: { status: 403 },
  PRODUCTS_NOT_ADMIN: { status: 403 },
});
