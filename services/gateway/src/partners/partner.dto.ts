import { ApiProperty } from '@nestjs/swagger';
import { PARTNER_KINDS, type PartnerKind } from '@tf/contracts';
import { EnumField, IdField, TextField } from '../http/fields';

export class CreatePartnerDto {
  @TextField({ maxLength: 200, example: '齐鲁银行济南分行 (Qilu Bank Jinan)' }) name!: string;

  @EnumField(PARTNER_KINDS, {
    example: 'bank',
    description: "The kind sets what the partner's API keys may do",
  })
  kind!: PartnerKind;

  @IdField({
    of: 'an enterprise',
    description:
      'Kind "enterprise" only, and required there: the SME this partner is. Its keys see that enterprise and what it asked for, nothing else of the center.',
    optional: true,
  })
  enterpriseId?: string;
}

export class PartnerDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty({ example: '齐鲁银行济南分行 (Qilu Bank Jinan)' }) name!: string;
  @ApiProperty({ enum: PARTNER_KINDS, example: 'bank' }) kind!: string;
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Kind "enterprise" only: the SME this partner is',
  })
  enterpriseId!: string | null;
}

export class PartnerListDto {
  @ApiProperty({ type: [PartnerDto] }) items!: PartnerDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class ApiKeyDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e70' }) id!: string;
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) partnerId!: string;
  @ApiProperty({
    example: 'Xk3v9QpL',
    description: 'First 8 characters of the key, to recognise it',
  })
  prefix!: string;
  @ApiProperty({ example: ['enterprises:read', 'loans:apply'] }) scopes!: string[];
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) revokedAt!: string | null;
}

export class IssuedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret key, shown this once: send it as X-API-Key' })
  key!: string;
}
