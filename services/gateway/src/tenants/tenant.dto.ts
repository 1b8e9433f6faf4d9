import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import type { tenancy } from '@tf/contracts';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { NotBlank, RateField, RateMapField } from '../http/fields';

/** A center's policy. Every field is optional in a PATCH; only the fields sent change. */
export class PolicyDto {
  @RateField({ description: 'One-year Loan Prime Rate', example: '0.0300' }) loanPrimeRate!: string;
  @RateField({
    description: 'Penalty rate on overdue principal, as a multiple of the contract rate',
    example: '1.5',
  })
  penaltyRateMultiplier!: string;
  @RateField({ description: 'Loan-to-value cap on an invention patent', example: '0.40' })
  ltvCapInvention!: string;
  @RateField({ description: 'Loan-to-value cap on a utility model', example: '0.25' })
  ltvCapUtilityModel!: string;
  @RateField({ description: 'Loan-to-value cap on a design', example: '0.20' })
  ltvCapDesign!: string;

  @ApiProperty({
    example: 10,
    description:
      'Outstanding guarantees may reach this multiple of net assets (10, or 15 for small-business institutions)',
  })
  @IsInt()
  @Min(1)
  @Max(15)
  leverageMultiple!: number;

  @RateField({ description: 'Cap on the annual guarantee fee rate', example: '0.01' })
  guaranteeFeeRateCap!: string;
  @RateField({ description: 'One client at most this share of net assets', example: '0.10' })
  singleClientLimitRatio!: string;
  @RateField({
    description: 'One client with its group at most this share of net assets',
    example: '0.15',
  })
  groupLimitRatio!: string;
  @RateField({ description: 'Risk share of the guarantee institution (4-3-2-1)', example: '0.40' })
  riskShareInstitution!: string;
  @RateField({
    description: 'Risk share of the national fund and provincial re-guarantee',
    example: '0.30',
  })
  riskShareReguarantee!: string;
  @RateField({ description: 'Risk share of the lending bank', example: '0.20' })
  riskShareBank!: string;
  @RateField({ description: 'Risk share of the government compensation pool', example: '0.10' })
  riskShareGovernment!: string;
  @RateField({
    description: 'Royalty rate when none is given and the industry has none',
    example: '0.03',
  })
  defaultRoyaltyRate!: string;
  @RateMapField({
    description: 'Royalty rate by industry code; replaces the whole map when sent',
    example: { 'integrated-circuits': '0.05', software: '0.04' },
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

  @ApiProperty({
    example: 12,
    description: 'Months an approved valuation stays valid from its reference date',
  })
  @IsInt()
  @Min(1)
  @Max(60)
  valuationValidityMonths!: number;

  @RateField({ description: "Broker's commission on a technology deal", example: '0.03' })
  commissionRate!: string;

  @ApiProperty({ example: 5, description: 'Minutes an auction is extended by a late bid' })
  @IsInt()
  @Min(0)
  @Max(60)
  auctionExtensionMinutes!: number;
}

export class PolicyPatchDto extends PartialType(PolicyDto) {}

export class CreateTenantDto {
  @ApiProperty({
    example: 'qingdao',
    description: 'Lower-case code, 2-31 letters, digits or dashes',
  })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,30}$/, {
    message: 'must be 2-31 lower-case letters, digits or dashes, starting with a letter',
  })
  code!: string;

  @ApiProperty({ example: '青岛科技金融服务中心 (Qingdao)' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    type: PolicyPatchDto,
    description: 'Fields left out take the platform defaults',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PolicyPatchDto)
  policy?: PolicyPatchDto;
}

export class TenantDto {
  @ApiProperty({ example: 'jinan' }) code!: string;
  @ApiProperty({ example: '济南科技金融服务中心 (Jinan)' }) name!: string;
  @ApiProperty({ type: PolicyDto }) policy!: PolicyDto;
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) createdAt!: string;
}

export class TenantListDto {
  @ApiProperty({ type: [TenantDto] }) items!: TenantDto[];
}

export function policyJson(p: tenancy.Policy | undefined): PolicyDto {
  const { $typeName: _type, ...rest } = p ?? ({} as tenancy.Policy);
  return rest as PolicyDto;
}

export function tenantJson(t: tenancy.Tenant): TenantDto {
  return { code: t.code, name: t.name, policy: policyJson(t.policy), createdAt: t.createdAt };
}
