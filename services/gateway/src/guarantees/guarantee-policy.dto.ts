import { LEVERAGE_MULTIPLES } from '@tf/contracts';
import { IntField, RateField } from '../http/fields';

/** The guarantee section of a center's policy (owned by the guarantee service, which checks the whole). */
export class GuaranteePolicyDto {
  @IntField({
    minimum: Math.min(...LEVERAGE_MULTIPLES),
    maximum: Math.max(...LEVERAGE_MULTIPLES),
    example: 10,
    description:
      'Outstanding liability ≤ this × net assets: 10, or 15 serving mainly small and micro enterprises',
  })
  leverageMultiple!: number;

  @RateField({
    description: 'Most one client may hold, as a share of net assets (≤ 0.10)',
    example: '0.10',
  })
  singleClientLimitRatio!: string;

  @RateField({ description: 'Most one client with its group may hold (≤ 0.15)', example: '0.15' })
  groupLimitRatio!: string;

  @RateField({ description: 'Annual fee rate on the guaranteed amount', example: '0.01' })
  annualFeeRate!: string;

  @RateField({ description: 'The most the annual fee rate may be', example: '0.01' })
  annualFeeRateCap!: string;

  @RateField({ description: "The institution's share of a guaranteed loss", example: '0.40' })
  riskShareInstitution!: string;

  @RateField({
    description: 'The national fund and provincial re-guarantee share',
    example: '0.30',
  })
  riskShareReGuarantee!: string;

  @RateField({ description: "The lending bank's share", example: '0.20' }) riskShareBank!: string;

  @RateField({
    description: "The local government's risk compensation pool share",
    example: '0.10',
  })
  riskShareGovernment!: string;

  @IntField({
    minimum: 0,
    maximum: 365,
    example: 30,
    description: 'Days after a default before a claim is paid',
  })
  claimWaitingDays!: number;
}
