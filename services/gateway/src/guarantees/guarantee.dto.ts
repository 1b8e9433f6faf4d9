import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COUNTER_GUARANTEE_KINDS,
  GUARANTEE_STATUSES,
  MAX_COUNTER_GUARANTEES,
  MAX_TERM_MONTHS,
  RISK_PARTIES,
} from '@tf/contracts';
import {
  EnumField,
  IdField,
  IntField,
  MoneyField,
  NestedListField,
  RateField,
  TextField,
} from '../http/fields';

export class CounterGuaranteeInputDto {
  @EnumField(COUNTER_GUARANTEE_KINDS, { example: 'ip_pledge' }) kind!: string;

  @IdField({
    of: 'a valuation',
    description:
      'An approved, unexpired pledge valuation of this center: its value is read from the valuation service',
  })
  valuationId!: string;
}

export class RequestGuaranteeDto {
  @IdField({ of: 'an enterprise', description: 'The borrowing SME, an enterprise of this center' })
  enterpriseId!: string;

  @IdField({
    of: 'a partner',
    description: "The lending bank, a bank partner of this center (with a bank's key: its own id)",
  })
  lenderPartnerId!: string;

  @MoneyField({ description: 'Loan principal', example: '2000000.00' }) principal!: string;

  @IntField({
    minimum: 1,
    maximum: MAX_TERM_MONTHS,
    example: 12,
    description: 'Loan term in months',
  })
  termMonths!: number;

  @RateField({
    description: 'Share of the principal guaranteed, above 0 and at most 1',
    example: '0.80',
  })
  coverageRatio!: string;

  @NestedListField(CounterGuaranteeInputDto, {
    maxItems: MAX_COUNTER_GUARANTEES,
    itemName: 'counter-guarantee',
    description: 'What the SME puts up against the guarantee: IP pledged by approved valuations',
    optional: true,
  })
  counterGuarantees?: CounterGuaranteeInputDto[];
}

class RiskShareDto {
  @ApiProperty({ enum: RISK_PARTIES, example: 'institution' }) party!: string;
  @ApiProperty({ example: '0.40' }) ratio!: string;
  @ApiProperty({ example: '640000.00' }) amount!: string;
}

class CounterGuaranteedAssetDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e72' }) valuationId!: string;
  @ApiProperty({ example: 'CN202310123456.7' }) assetNumber!: string;
  @ApiPropertyOptional({ example: 'invention' }) patentType?: string;
  @ApiProperty({ example: '3200000.00', description: 'Its pledge value at application' })
  value!: string;
}

class CounterGuaranteeDto {
  @ApiProperty({ enum: COUNTER_GUARANTEE_KINDS, example: 'ip_pledge' }) kind!: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e72' }) valuationId!: string;
  @ApiProperty({ example: '3200000.00', description: 'As valuation reported it at application' })
  pledgeValue!: string;
  @ApiProperty({ example: '2027-11-20' }) validUntil!: string;
  @ApiProperty({
    type: [CounterGuaranteedAssetDto],
    description:
      'The rights pledged to the institution; after a claim they are put up for auction (a disposal listing naming the guarantee)',
  })
  assets!: CounterGuaranteedAssetDto[];
}

class ClaimDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e76' }) id!: string;
  @ApiProperty({
    example: '1224000.00',
    description: '(defaulted principal + interest) × coverageRatio',
  })
  claim!: string;
  @ApiProperty({
    example: '979200.00',
    description: "Paid to the bank: the claim less the bank's share",
  })
  payout!: string;
  @ApiProperty({ type: [RiskShareDto] }) shares!: RiskShareDto[];
  @ApiProperty({
    type: [RiskShareDto],
    description: 'Owed to the institution by the re-guarantee and the pool',
  })
  receivables!: RiskShareDto[];
  @ApiProperty({ example: '1000000.00', description: 'Recovered so far from the pledged assets' })
  recovered!: string;
  @ApiProperty({ example: '2027-09-10' }) defaultedOn!: string;
  @ApiProperty({
    example: '2027-10-10',
    description: "The default plus the policy's waiting period",
  })
  payableOn!: string;
}

export class GuaranteeDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty({ enum: GUARANTEE_STATUSES, example: 'pending' }) status!: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e70' }) enterpriseId!: string;
  @ApiPropertyOptional({
    example: 'HX-GROUP',
    description: "The enterprise's group at application",
  })
  groupCode?: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e71' }) lenderPartnerId!: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e73' }) institutionId!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
  @ApiProperty({ example: '2000000.00' }) principal!: string;
  @ApiProperty({ example: 12 }) termMonths!: number;
  @ApiProperty({ example: '0.8' }) coverageRatio!: string;
  @ApiProperty({ example: '1600000.00', description: 'principal × coverageRatio' })
  guaranteedAmount!: string;
  @ApiProperty({
    example: '0.00',
    description:
      'Liability held against the institution now: 0 until approved, falling as the loan is repaid',
  })
  outstandingLiability!: string;
  @ApiProperty({ example: '0.01' }) annualFeeRate!: string;
  @ApiProperty({
    example: '16000.00',
    description: 'guaranteedAmount × annualFeeRate × termMonths / 12',
  })
  fee!: string;
  @ApiProperty({
    type: [RiskShareDto],
    description: "The guaranteed amount by the center's risk split",
  })
  riskShares!: RiskShareDto[];
  @ApiProperty({ type: [CounterGuaranteeDto] }) counterGuarantees!: CounterGuaranteeDto[];
  @ApiProperty({ example: '3200000.00' }) pledgeValue!: string;
  @ApiProperty({ example: 'partner:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e71' }) requestedBy!: string;
  @ApiPropertyOptional({ example: 'user:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e74' })
  approvedBy?: string;
  @ApiPropertyOptional({ example: '2026-11-27T10:00:00.000Z' }) approvedAt?: string;
  @ApiPropertyOptional({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e75' }) loanId?: string;
  @ApiPropertyOptional({ example: 'user:0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e74' })
  declinedBy?: string;
  @ApiPropertyOptional({ example: 'The pledged patent is the subject of an invalidation request' })
  declineReason?: string;
  @ApiPropertyOptional({ type: ClaimDto, description: 'Once the loan defaulted' }) claim?: ClaimDto;
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) createdAt!: string;
}

export class GuaranteeCapacityDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e73' }) institutionId!: string;
  @ApiProperty({ example: '济南科技融资担保有限公司 (Jinan Tech Financing Guarantee)' })
  name!: string;
  @ApiProperty({ example: '200000000.00' }) netAssets!: string;
  @ApiProperty({
    example: '1600000.00',
    description: 'Liability of approved and active guarantees',
  })
  outstanding!: string;
  @ApiProperty({
    example: 10,
    description: 'Leverage multiple: outstanding ≤ leverage × netAssets',
  })
  leverage!: number;
  @ApiProperty({
    example: '1998400000.00',
    description: 'What may still be taken on under the leverage limit',
  })
  headroom!: string;
  @ApiProperty({ example: '20000000.00', description: 'Most one client may hold' })
  singleClientLimit!: string;
  @ApiProperty({ example: '30000000.00', description: 'Most one client with its group may hold' })
  groupLimit!: string;
  @ApiProperty({ example: 'CNY' }) currency!: string;
}

export class UpdateInstitutionDto {
  @MoneyField({ description: "The institution's audited net assets", example: '80000000.00' })
  netAssets!: string;

  @TextField({
    maxLength: 200,
    example: '青岛科技融资担保有限公司',
    description: 'A new name',
    optional: true,
  })
  name?: string;
}

export class DeclineGuaranteeDto {
  @TextField({
    maxLength: 1000,
    example: 'The pledged patent is the subject of an invalidation request',
  })
  reason!: string;
}
