import { ApiProperty, PartialType } from '@nestjs/swagger';
import { TENANT_CODE } from '@tf/contracts';
import { NestedField, TextField } from '../http/fields';
import { GuaranteePolicyDto } from '../guarantees/guarantee-policy.dto';
import { InvestmentPolicyDto } from '../investment/investment-policy.dto';
import { CreditPolicyDto } from '../loans/credit-policy.dto';
import { TradingPolicyDto } from '../trading/trading-policy.dto';
import { ValuationPolicyDto } from '../valuations/valuation-policy.dto';

/**
 * A center's policy: one section per service that applies it, each owned, checked and stored by
 * that service (POLICY_SECTIONS in @tf/contracts). A service that lands adds its section here.
 */
export class PolicyDto {
  @ApiProperty({ type: ValuationPolicyDto }) valuation!: ValuationPolicyDto;
  @ApiProperty({ type: GuaranteePolicyDto }) guarantee!: GuaranteePolicyDto;
  @ApiProperty({ type: CreditPolicyDto }) credit!: CreditPolicyDto;
  @ApiProperty({ type: InvestmentPolicyDto }) investment!: InvestmentPolicyDto;
  @ApiProperty({ type: TradingPolicyDto }) trading!: TradingPolicyDto;
}

class ValuationPolicyPatchDto extends PartialType(ValuationPolicyDto) {}
class GuaranteePolicyPatchDto extends PartialType(GuaranteePolicyDto) {}
class CreditPolicyPatchDto extends PartialType(CreditPolicyDto) {}
class InvestmentPolicyPatchDto extends PartialType(InvestmentPolicyDto) {}
class TradingPolicyPatchDto extends PartialType(TradingPolicyDto) {}

/** The sections to change, and in each only the fields sent. */
export class PolicyPatchDto {
  @NestedField(ValuationPolicyPatchDto, { optional: true })
  valuation?: ValuationPolicyPatchDto;

  @NestedField(GuaranteePolicyPatchDto, { optional: true })
  guarantee?: GuaranteePolicyPatchDto;

  @NestedField(CreditPolicyPatchDto, { optional: true })
  credit?: CreditPolicyPatchDto;

  @NestedField(InvestmentPolicyPatchDto, { optional: true })
  investment?: InvestmentPolicyPatchDto;

  @NestedField(TradingPolicyPatchDto, { optional: true })
  trading?: TradingPolicyPatchDto;
}

export class CreateTenantDto {
  @TextField({
    maxLength: 31,
    pattern: TENANT_CODE,
    patternMessage: 'must be 2-31 lower-case letters, digits or dashes, starting with a letter',
    example: 'qingdao',
    description: 'Lower-case code, 2-31 letters, digits or dashes',
  })
  code!: string;

  @TextField({ maxLength: 200, example: '青岛科技金融服务中心 (Qingdao)' }) name!: string;

  @NestedField(PolicyPatchDto, {
    description: 'Sections and fields left out take the defaults',
    optional: true,
  })
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
