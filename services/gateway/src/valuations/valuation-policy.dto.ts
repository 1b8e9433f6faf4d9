import { INDUSTRY_CODE, MAX_INDUSTRY_RATES } from '@tf/contracts';
import { IntField, RateField, RateMapField } from '../http/fields';

/** The valuation section of a center's policy (owned by the valuation service). */
export class ValuationPolicyDto {
  @RateField({
    description: 'Royalty rate when none is given and the industry has none',
    example: '0.03',
  })
  defaultRoyaltyRate!: string;

  @RateMapField({
    description: 'Royalty rate by industry code; replaces the whole map when sent',
    example: { 'integrated-circuits': '0.05', software: '0.04' },
    keyPattern: INDUSTRY_CODE,
    maxKeys: MAX_INDUSTRY_RATES,
  })
  royaltyRatesByIndustry!: Record<string, string>;

  @RateField({ description: 'Income tax rate', example: '0.25' }) incomeTaxRate!: string;

  @RateField({ description: 'Income tax rate of high-tech enterprises', example: '0.15' })
  highTechIncomeTaxRate!: string;

  @RateField({ description: 'Discount rate of the income approach', example: '0.15' })
  discountRate!: string;

  @RateField({ description: 'Weight of the income approach', example: '0.6' })
  weightIncome!: string;

  @RateField({ description: 'Weight of the market approach', example: '0.3' })
  weightMarket!: string;

  @RateField({ description: 'Weight of the cost approach', example: '0.1' }) weightCost!: string;

  @RateField({ description: 'Half-width of the valuation range', example: '0.15' })
  valuationRangeRatio!: string;

  @IntField({
    minimum: 1,
    maximum: 60,
    example: 12,
    description: 'Months an approved valuation stays valid from its reference date',
  })
  valuationValidityMonths!: number;
}
