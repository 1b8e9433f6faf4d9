import { ApiProperty } from '@nestjs/swagger';
import {
  ASSET_KINDS,
  LEGAL_STATUSES,
  LICENCE_STATUSES,
  METHOD_OUTCOMES,
  PATENT_TYPES,
  PURPOSES,
  VALUATION_METHODS,
  VALUATION_STATUSES,
} from '@tf/contracts';
import {
  BooleanField,
  DateField,
  EnumField,
  IdField,
  IntField,
  MoneyField,
  MoneyListField,
  NestedField,
  NestedListField,
  RateField,
  TextField,
  TextListField,
} from '../http/fields';
import { PageQuery } from '../http/page.dto';

const YEARS = /^(0|[1-9]\d{0,2})(\.\d{1,2})?$/;

function Rating(description: string) {
  return IntField({ minimum: 1, maximum: 5, example: 4, description, optional: true });
}

export class TechnicalRatingsDto {
  @Rating('How advanced the technology is') advancement?: number;
  @Rating('5 = hard to substitute') substitutability?: number;
  @Rating('Maturity: 5 = in mass production') maturity?: number;
  @Rating('Breadth of application') scope?: number;
}

export class EconomicRatingsDto {
  @Rating('Size of the market') marketSize?: number;
  @Rating("The enterprise's share of it") marketShare?: number;
  @Rating('5 = little competition') competition?: number;
  @Rating('Fit with industrial policy') policyFit?: number;
}

export class ReplacementCostDto {
  @MoneyField({ description: 'R&D spent on the asset', example: '1800000.00' }) rdSpend!: string;
  @MoneyField({ description: 'Filing and examination fees', example: '12000.00' })
  filingFees!: string;
  @MoneyField({ description: 'Annual fees paid so far', example: '9000.00' })
  maintenanceFees!: string;
}

export class AssetDto {
  @EnumField(ASSET_KINDS, { example: 'patent' }) kind!: string;

  @TextField({
    maxLength: 40,
    example: 'CN202110123456.7',
    description:
      'Patent: CN/ZL number; software copyright: registration number; know-how: your reference',
  })
  number!: string;

  @TextField({ maxLength: 300, example: '一种量子芯片封装方法' }) title!: string;

  @EnumField(PATENT_TYPES, { example: 'invention', optional: true }) patentType?: string;

  @DateField({ example: '2021-01-12', description: 'Patents: filing date', optional: true })
  filedOn?: string;

  @DateField({
    example: '2023-04-18',
    description: 'Patents: grant date (required when granted)',
    optional: true,
  })
  grantedOn?: string;

  @EnumField(LEGAL_STATUSES, { example: 'granted', optional: true }) legalStatus?: string;

  @IntField({
    minimum: 1,
    maximum: 1000,
    example: 12,
    description: 'Number of claims',
    optional: true,
  })
  claims?: number;

  @TextField({
    maxLength: 30,
    example: 'H01L 23/00',
    description: 'IPC class; its subclass matches market comparables',
    optional: true,
  })
  ipcClass?: string;

  @TextListField({
    maxItems: 100,
    maxLength: 2,
    pattern: /^[A-Z]{2}$/,
    patternMessage: 'must be a two-letter country code',
    example: ['US', 'EP'],
    description: 'Countries where family members are filed',
    optional: true,
  })
  familyCountries?: string[];

  @EnumField(LICENCE_STATUSES, { example: 'non_exclusive', optional: true }) licenceStatus?: string;

  @BooleanField({
    example: false,
    description: 'Already pledged under another loan',
    optional: true,
  })
  pledged?: boolean;

  @DateField({
    example: '2020-06-30',
    description: 'Software copyright and know-how: when created',
    optional: true,
  })
  createdOn?: string;

  @TextField({
    maxLength: 6,
    pattern: YEARS,
    patternMessage: 'must be years such as "8" or "8.5"',
    example: '8',
    description: 'Remaining economic life, years (required for software copyright and know-how)',
    optional: true,
  })
  economicLifeYears?: string;

  @RateField({
    description:
      "Share of the portfolio's revenue earned by this asset; equal split when none is given",
    example: '0.5',
    optional: true,
  })
  revenueShare?: string;

  @NestedField(ReplacementCostDto, { description: 'Cost approach inputs', optional: true })
  replacementCost?: ReplacementCostDto;

  @NestedField(TechnicalRatingsDto, { optional: true }) technical?: TechnicalRatingsDto;

  @NestedField(EconomicRatingsDto, { optional: true }) economic?: EconomicRatingsDto;
}

export class IncomeDto {
  @MoneyListField({
    minItems: 1,
    maxItems: 30,
    signed: true,
    example: ['3000000.00', '3600000.00', '4200000.00', '4500000.00', '4800000.00'],
    description:
      'Forecast revenue of the products using the assets, year 1, 2, ...; later years repeat the last',
  })
  annualRevenue!: string[];

  @RateField({
    description: 'Royalty rate; by default the center policy rate for the industry',
    example: '0.04',
    optional: true,
  })
  royaltyRate?: string;

  @RateField({
    description: 'Discount rate; by default the center policy rate',
    example: '0.15',
    optional: true,
  })
  discountRate?: string;
}

export class RequestValuationDto {
  @IdField({ of: 'an enterprise', description: 'An enterprise of this center' })
  enterpriseId!: string;

  @EnumField(PURPOSES, { example: 'pledge' }) purpose!: string;

  @DateField({ example: '2026-11-20', description: 'The date the value is stated at' })
  referenceDate!: string;

  @NestedListField(AssetDto, {
    minItems: 1,
    maxItems: 200,
    itemName: 'asset',
    description: '1 to 200 assets: a portfolio is valued asset by asset and as a whole',
  })
  assets!: AssetDto[];

  @NestedField(IncomeDto, { description: 'Income approach inputs', optional: true })
  income?: IncomeDto;
}

export class RejectValuationDto {
  @TextField({ maxLength: 1000, example: 'Revenue forecast not supported by contracts on file' })
  reason!: string;
}

export class ValuationListQuery extends PageQuery {
  @IdField({ of: 'an enterprise', optional: true }) enterpriseId?: string;
  @EnumField(VALUATION_STATUSES, { example: 'approved', optional: true }) status?: string;
}

class ConclusionDto {
  @ApiProperty({ example: '1234567.89' }) value!: string;
  @ApiProperty({ example: '1049382.71' }) low!: string;
  @ApiProperty({ example: '1419753.07' }) high!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
}

class CashFlowRowDto {
  @ApiProperty({ example: 1 }) year!: number;
  @ApiProperty({ example: '1.00', description: 'Discount time in years' }) t!: string;
  @ApiProperty({ example: '3000000.00' }) revenue!: string;
  @ApiProperty({ example: '67500.00' }) royaltyAfterTax!: string;
  @ApiProperty({ example: '0.8695652174' }) discountFactor!: string;
  @ApiProperty({ example: '58695.65' }) presentValue!: string;
}

class ComparableRowDto {
  @ApiProperty({ example: 'deal-2026-0031' }) dealId!: string;
  @ApiProperty({ example: '800000.00' }) price!: string;
  @ApiProperty({ example: '12.00' }) remainingLifeYears!: string;
  @ApiProperty({ example: '933333.33' }) adjustedPrice!: string;
}

class MethodDto {
  @ApiProperty({ enum: VALUATION_METHODS }) method!: string;
  @ApiProperty({ enum: METHOD_OUTCOMES }) status!: string;
  @ApiProperty({ type: String, nullable: true, example: '1100000.00' }) value!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0.857142857142857143' }) weight!:
    | string
    | null;
  @ApiProperty({ type: String, nullable: true, example: null }) reason!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { royaltyRate: '0.04' },
  })
  inputs!: Record<string, string>;
  @ApiProperty({
    type: [CashFlowRowDto],
    description: 'Income approach, per asset: the projection year by year',
  })
  cashFlows!: CashFlowRowDto[];
  @ApiProperty({
    type: [ComparableRowDto],
    description: 'Market approach, per asset: the deals compared',
  })
  comparables!: ComparableRowDto[];
}

class ScoreDto {
  @ApiProperty({ example: 82 }) legal!: number;
  @ApiProperty({ example: 70 }) technical!: number;
  @ApiProperty({ example: 65 }) economic!: number;
  @ApiProperty({
    example: 75,
    description: 'Weighted by purpose: pledge weighs legal value highest, transfer economic value',
  })
  overall!: number;
}

class AssetValuationDto {
  @ApiProperty({ type: AssetDto }) asset!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, example: '14.15' }) remainingLegalYears!:
    | string
    | null;
  @ApiProperty({ example: '8.00' }) economicLifeYears!: string;
  @ApiProperty({ type: [MethodDto] }) methods!: MethodDto[];
  @ApiProperty({ example: '456789.12' }) value!: string;
  @ApiProperty({ type: ScoreDto }) score!: ScoreDto;
}

export class ValuationDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty() enterpriseId!: string;
  @ApiProperty({ enum: PURPOSES }) purpose!: string;
  @ApiProperty({ example: '2026-11-20' }) referenceDate!: string;
  @ApiProperty({ enum: VALUATION_STATUSES, example: 'computed' }) status!: string;
  @ApiProperty({ type: ConclusionDto }) conclusion!: ConclusionDto;
  @ApiProperty({
    type: [MethodDto],
    description: 'Each method over the portfolio: the sum over the assets it applied to',
  })
  methods!: MethodDto[];
  @ApiProperty({ type: ScoreDto, description: 'GB/T 42748-2023-style quality score' })
  score!: ScoreDto;
  @ApiProperty({ type: [AssetValuationDto] }) assets!: AssetValuationDto[];
  @ApiProperty({ example: ['The royalty rate 0.03 is the center default.'] })
  assumptions!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) parameters!: Record<
    string,
    string
  >;
  @ApiProperty({ example: 'partner:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) preparedBy!: string;
  @ApiProperty() preparedAt!: string;
  @ApiProperty({ type: String, nullable: true }) approvedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-11-20' }) validUntil!: string | null;
  @ApiProperty({ type: String, nullable: true }) rejectedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) rejectionReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) supersededBy!: string | null;
}

export class ValuationListDto {
  @ApiProperty({ type: [ValuationDto] }) items!: ValuationDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}
