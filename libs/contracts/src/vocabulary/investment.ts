import { defineErrors } from '@tf/core';

/**
 * A deal's way through the fund (DOMAIN.md "Investment"): sourcing → screening → due_diligence →
 * committee → term_sheet → closed, or rejected from any open stage. The order of this list is the
 * order of the pipeline.
 */
export const DEAL_STAGES = [
  'sourcing',
  'screening',
  'due_diligence',
  'committee',
  'term_sheet',
  'closed',
  'rejected',
] as const;
export type DealStage = (typeof DEAL_STAGES)[number];

/** The stages a deal has left for good. */
export const FINAL_DEAL_STAGES = ['closed', 'rejected'] as const satisfies readonly DealStage[];

/** What the fund holds in a company. */
export const INSTRUMENTS = ['equity', 'convertible_note', 'warrant'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** A committee member's vote; an abstention counts towards the quorum, not towards the majority. */
export const VOTES = ['for', 'against', 'abstain'] as const;
export type Vote = (typeof VOTES)[number];

/** The fund's dated cash flows with its limited partners. */
export const FUND_FLOW_KINDS = ['capital_call', 'distribution'] as const;
export type FundFlowKind = (typeof FUND_FLOW_KINDS)[number];

/** What happens to an investment, each dated: the ledger its value is folded from. */
export const INVESTMENT_ENTRY_KINDS = ['close', 'follow_on', 'mark', 'exit'] as const;
export type InvestmentEntryKind = (typeof INVESTMENT_ENTRY_KINDS)[number];

export const MAX_COMMITTEE_MEMBERS = 15;

/** What the investment service refuses, and how a client sees it. */
export const InvestmentErrors = defineErrors({
  FUND_NOT_FOUND: { status: 404 },
  DEAL_NOT_FOUND: { status: 404 },
  INVESTMENT_NOT_FOUND: { status: 404 },
  INVALID_INVESTMENT: { status: 400 },
  DEAL_STAGE_NOT_FORWARD: { status: 409 },
  DEAL_CLOSED: { status: 409 },
  DEAL_ALREADY_EXISTS: { status: 409 },
  NOT_ON_COMMITTEE: { status: 403 },
  VOTE_OUTSIDE_COMMITTEE: { status: 409 },
  ALREADY_VOTED: { status: 409 },
  COMMITTEE_NOT_PASSED: { status: 422 },
  FUND_CAPACITY_SHORT: { status: 422 },
  COMMITMENTS_OVER_FUND_SIZE: { status: 422 },
  CALL_OVER_COMMITMENTS: { status: 422 },
  DISTRIBUTION_OVER_CASH: { status: 422 },
  DATED_IN_FUTURE: { status: 422 },
  DATED_BEFORE_LAST_ENTRY: { status: 422 },
  INVESTMENT_EXITED: { status: 409 },
  NO_LIMITED_PARTNERS: { status: 422 },
  FUND_ALREADY_EXISTS: { status: 409 },
  LIMITED_PARTNER_ALREADY_EXISTS: { status: 409 },
  FUND_MANAGER_NOT_A_FUND: { status: 422 },
  FUNDS_NOT_ADMIN: { status: 403 },
  DEALS_NOT_ANALYST: { status: 403 },
});
