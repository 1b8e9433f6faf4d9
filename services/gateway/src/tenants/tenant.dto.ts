import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { NotBlank } from '../http/fields';
import { ValuationPolicyDto } from '../valuations/valuation-policy.dto';

/**
 * A center's policy: one section per service that applies it, each owned, checked and stored by
 * that service (POLICY_SECTIONS in @tf/contracts). A service that lands adds its section here.
 */
export class PolicyDto {
  @ApiProperty({ type: ValuationPolicyDto }) valuation!: ValuationPolicyDto;
}

class ValuationPolicyPatchDto extends PartialType(ValuationPolicyDto) {}

/** The sections to change, and in each only the fields sent. */
export class PolicyPatchDto {
  @ApiPropertyOptional({ type: ValuationPolicyPatchDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ValuationPolicyPatchDto)
  valuation?: ValuationPolicyPatchDto;
}

export class CreateTenantDto {
  @ApiProperty({
    example: 'qingdao',
    description: 'Lower-case code, 2-31 letters, digits or dashes',
    maxLength: 31,
    pattern: '^[a-z][a-z0-9-]{1,30}$',
  })
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,30}$/, {
    message: 'must be 2-31 lower-case letters, digits or dashes, starting with a letter',
  })
  code!: string;

  @ApiProperty({ example: '青岛科技金融服务中心 (Qingdao)', maxLength: 200 })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    type: PolicyPatchDto,
    description: 'Sections and fields left out take the defaults',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => PolicyPatchDto)
  policy?: PolicyPatchDto;
}

export class TenantDto {
  @ApiProperty({ example: 'jinan' }) code!: string;
  @ApiProperty({ example: '济南科技金融服务中心 (Jinan)' }) name!: string;
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) createdAt!: string;
}

export class TenantListDto {
  @ApiProperty({ type: [TenantDto] }) items!: TenantDto[];
}
