import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VALUATION_STATUSES } from '@tf/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MoneyField, NotBlank, RateField } from '../http/fields';
import { PageQuery } from '../http/page.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: 'must be a date YYYY-MM-DD' };
const YEARS = /^(0|[1-9]\d{0,2})(\.\d{1,2})?$/;

export const PURPOSES = ['pledge', 'transfer', 'investment', 'reporting'] as const;

function Rating(description: string) {
  return function (target: object, property: string) {
    ApiPropertyOptional({ minimum: 1, maximum: 5, example: 4, description })(target, property);
    IsOptional()(target, property);
    IsInt()(target, property);
    Min(1)(target, property);
    Max(5)(target, property);
  };
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
  @ApiProperty({ enum: ['patent', 'software_copyright', 'know_how'], example: 'patent' })
  @IsIn(['patent', 'software_copyright', 'know_how'])
  kind!: string;

  @ApiProperty({
    example: 'CN202110123456.7',
    description:
      'Patent: CN/ZL number; software copyright: registration number; know-how: your reference',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  number!: string;

  @ApiProperty({ example: '一种量子芯片封装方法' })
  @IsString()
  @NotBlank()
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ enum: ['invention', 'utility_model', 'design'], example: 'invention' })
  @IsOptional()
  @IsIn(['invention', 'utility_model', 'design'])
  patentType?: string;

  @ApiPropertyOptional({ example: '2021-01-12', description: 'Patents: filing date' })
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  filedOn?: string;

  @ApiPropertyOptional({
    example: '2023-04-18',
    description: 'Patents: grant date (required when granted)',
  })
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  grantedOn?: string;

  @ApiPropertyOptional({ enum: ['granted', 'pending', 'lapsed'], example: 'granted' })
  @IsOptional()
  @IsIn(['granted', 'pending', 'lapsed'])
  legalStatus?: string;

  @ApiPropertyOptional({ example: 12, description: 'Number of claims' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  claims?: number;

  @ApiPropertyOptional({
    example: 'H01L 23/00',
    description: 'IPC class; its subclass matches market comparables',
  })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  ipcClass?: string;

  @ApiPropertyOptional({
    example: ['US', 'EP'],
    description: 'Countries where family members are filed',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'each must be a two-letter country code' })
  familyCountries?: string[];

  @ApiPropertyOptional({
    enum: ['none', 'non_exclusive', 'sole', 'exclusive'],
    example: 'non_exclusive',
  })
  @IsOptional()
  @IsIn(['none', 'non_exclusive', 'sole', 'exclusive'])
  licenceStatus?: string;

  @ApiPropertyOptional({ example: false, description: 'Already pledged under another loan' })
  @IsOptional()
  @IsBoolean()
  pledged?: boolean;

  @ApiPropertyOptional({
    example: '2020-06-30',
    description: 'Software copyright and know-how: when created',
  })
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  createdOn?: string;

  @ApiPropertyOptional({
    example: '8',
    description: 'Remaining economic life, years (required for software copyright and know-how)',
  })
  @IsOptional()
  @IsString({ message: 'must be a decimal string such as "8.5", not a JSON number' })
  @Matches(YEARS, { message: 'must be years such as "8" or "8.5"' })
  economicLifeYears?: string;

  @RateField({
    description:
      "Share of the portfolio's revenue earned by this asset; equal split when none is given",
    example: '0.5',
    optional: true,
  })
  revenueShare?: string;

  @ApiPropertyOptional({ type: ReplacementCostDto, description: 'Cost approach inputs' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReplacementCostDto)
  replacementCost?: ReplacementCostDto;

  @ApiPropertyOptional({ type: TechnicalRatingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TechnicalRatingsDto)
  technical?: TechnicalRatingsDto;

  @ApiPropertyOptional({ type: EconomicRatingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EconomicRatingsDto)
  economic?: EconomicRatingsDto;
}

export class IncomeDto {
  @ApiProperty({
    example: ['3000000.00', '3600000.00', '4200000.00', '4500000.00', '4800000.00'],
    description:
      'Forecast revenue of the products using the assets, year 1, 2, ...; later years repeat the last',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({
    each: true,
    message: 'each must be a decimal string such as "1200000.00", not a JSON number',
  })
  @Matches(/^-?(0|[1-9]\d{0,17})(\.\d{1,2})?$/, {
    each: true,
    message: 'each must be a decimal amount with at most 2 places',
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
  @ApiProperty({
    example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f',
    description: 'An enterprise of this center',
  })
  @IsUUID('all', { message: 'must be an enterprise id (UUID)' })
  enterpriseId!: string;

  @ApiProperty({ enum: PURPOSES, example: 'pledge' })
  @IsIn(PURPOSES)
  purpose!: string;

  @ApiProperty({ example: '2026-11-20', description: 'The date the value is stated at' })
  @Matches(DATE, DATE_MESSAGE)
  referenceDate!: string;

  @ApiProperty({
    type: [AssetDto],
    description: '1 to 200 assets: a portfolio is valued asset by asset and as a whole',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'must hold at least one asset' })
  @ArrayMaxSize(200, { message: 'must hold at most 200 assets' })
  @ValidateNested({ each: true })
  @Type(() => AssetDto)
  assets!: AssetDto[];

  @ApiPropertyOptional({ type: IncomeDto, description: 'Income approach inputs' })
  @IsOptional()
  @ValidateNested()
  @Type(() => IncomeDto)
  income?: IncomeDto;
}

export class RejectValuationDto {
  @ApiProperty({ example: 'Revenue forecast not supported by contracts on file' })
  @IsString()
  @NotBlank()
  @MaxLength(1000)
  reason!: string;
}

export class ValuationListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({ enum: VALUATION_STATUSES })
  @IsOptional()
  @IsIn(VALUATION_STATUSES)
  status?: string;
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
  @ApiProperty({ enum: ['income', 'market', 'cost'] }) method!: string;
  @ApiProperty({ enum: ['applied', 'skipped'] }) status!: string;
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
