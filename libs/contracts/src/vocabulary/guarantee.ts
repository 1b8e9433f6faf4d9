import { defineErrors } from '@tf/core';

/**
 * A guarantee's states (DOMAIN.md "Guarantee"): pending → approved → active (the loan disbursed)
 * → released (repaid) | claimed → recovering → closed; declined.
 */
export const GUARANTEE_STATUSES = [
  'pending',
  'approved',
  'declined',
  'active',
  'released',
  'claimed',
  'recovering',
  'closed',
] as const;
export type GuaranteeStatus = (typeof GUARANTEE_STATUSES)[number];

/** The states in which a guarantee holds liability against the institution's limits. */
export const LIABLE_STATUSES = ['approved', 'active'] as const satisfies readonly GuaranteeStatus[];

/** Who carries a guaranteed loss, in the order of the 4-3-2-1 split. */
export const RISK_PARTIES = ['institution', 're_guarantee', 'bank', 'government'] as const;
export type RiskParty = (typeof RISK_PARTIES)[number];

/** Leverage multiples the 2017 Regulations allow: 10, or 15 serving mainly small and micro enterprises. */
export const LEVERAGE_MULTIPLES = [10, 15] as const;

/** What an SME may put up against a guarantee: its IP, pledged by an approved valuation. */
export const COUNTER_GUARANTEE_KINDS = ['ip_pledge'] as const;
export const MAX_COUNTER_GUARANTEES = 20;
export const MAX_TERM_MONTHS = 360;

/** What the guarantee service refuses, and how a client sees it. */
export const GuaranteeErrors = defineErrors({
  GUARANTEE_NOT_FOUND: { status: 404 },
  INVALID_GUARANTEE: { status: 400 },
  GUARANTEE_APPROVER_NOT_ANALYST: { status: 403 },
  INSTITUTION_CHANGE_NOT_ADMIN: { status: 403 },
  GUARANTEE_NOT_PENDING: { status: 409 },
  LENDER_NOT_A_BANK: { status: 422 },
  COUNTER_GUARANTEE_NOT_PLEDGEABLE: { status: 422 },
  NO_GUARANTEE_INSTITUTION: { status: 422 },
  LEVERAGE_LIMIT: { status: 422 },
  SINGLE_CLIENT_LIMIT: { status: 422 },
  GROUP_LIMIT: { status: 422 },
});
