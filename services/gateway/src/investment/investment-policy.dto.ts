import { MAX_COMMITTEE_MEMBERS } from '@tf/contracts';
import { IntField, RateField } from '../http/fields';

/** The investment section of a center's policy (the investment service checks it). */
export class InvestmentPolicyDto {
  @IntField({
    minimum: 1,
    maximum: MAX_COMMITTEE_MEMBERS,
    example: 3,
    description: 'Votes the committee must cast before its decision stands',
  })
  committeeQuorum!: number;
  @RateField({
    description:
      'A deal passes when the votes for it are more than this share of the votes cast (0.5 to below 1)',
    example: '0.5',
  })
  committeeMajority!: string;
  @RateField({
    description: "A new fund's management fee unless it says otherwise (≤ 0.05)",
    example: '0.02',
  })
  managementFeeRate!: string;
  @RateField({ description: "A new fund's carried interest (≤ 0.5)", example: '0.20' })
  carriedInterestRate!: string;
  @RateField({ description: "A new fund's hurdle rate (≤ 0.3)", example: '0.08' })
  hurdleRate!: string;
}
