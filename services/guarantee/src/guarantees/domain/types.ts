import type { RiskParty } from '@tf/contracts/vocabulary';

/** The guarantee section of a center's policy, as the rules read it (money and ratios as decimal strings). */
export interface GuaranteePolicy {
  /** Outstanding liability ≤ this × net assets: 10, or 15 for an institution serving mainly small and micro enterprises. */
  leverageMultiple: number;
  singleClientLimitRatio: string;
  groupLimitRatio: string;
  /** The fee's annual rate on the guaranteed amount, at most the cap. */
  annualFeeRate: string;
  annualFeeRateCap: string;
  riskShareInstitution: string;
  riskShareReGuarantee: string;
  riskShareBank: string;
  riskShareGovernment: string;
  /** Days after a default before the claim is paid to the bank. */
  claimWaitingDays: number;
}

/** One party's part of an amount shared by the split. */
export interface Share {
  party: RiskParty;
  ratio: string;
  amount: string;
}

/** What an application asks for, as the rules check it. */
export interface ApplicationInput {
  principal: string;
  termMonths: number;
  coverageRatio: string;
  counterGuarantees: { kind: string; valuationId: string }[];
}
