import { ApiProperty } from '@nestjs/swagger';
import { BooleanField, DateField, IntField, MoneyField, TextField } from '../http/fields';
import { PageQuery } from '../http/page.dto';

/** The unified social credit code: 18 characters of digits and capitals (GB 32100-2015). */
const CREDIT_CODE = {
  maxLength: 18,
  minLength: 18,
  pattern: /^[0-9A-Z]{18}$/,
  patternMessage: 'must be 18 characters, digits and capital letters',
  example: '91370100MA3C5XQ16J',
};

export class CreateEnterpriseDto {
  @TextField(
    Object.assign({}, CREDIT_CODE, {
      description: 'Unified social credit code (18 characters, GB 32100-2015 check character)',
    }),
  )
  creditCode!: string;

  @TextField({ maxLength: 200, example: '济南量子芯片科技有限公司' }) name!: string;

  @TextField({
    maxLength: 100,
    example: 'integrated-circuits',
    description: 'Industry, as the center classifies it',
    optional: true,
  })
  industry?: string;

  @DateField({
    past: true,
    example: '2019-03-15',
    description: 'Date of incorporation',
    optional: true,
  })
  foundedOn?: string;

  @IntField({ minimum: 0, maximum: 10_000_000, example: 85, optional: true }) employees?: number;

  @TextField({
    maxLength: 64,
    example: 'LC-GROUP-7',
    description: 'Related parties share a group code (guarantee concentration limits)',
    optional: true,
  })
  groupCode?: string;

  @BooleanField({
    example: true,
    description: 'Recognised high-tech enterprise (lower income tax in valuations)',
    optional: true,
  })
  highTech?: boolean;

  @MoneyField({
    description: 'Registered capital (注册资本) in CNY',
    example: '5000000.00',
    optional: true,
  })
  registeredCapital?: string;
}

export class EnterpriseDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) id!: string;
  @ApiProperty({ example: 'jinan' }) tenant!: string;
  @ApiProperty({ example: '91370100MA3C5XQ16J' }) creditCode!: string;
  @ApiProperty({ example: '济南量子芯片科技有限公司' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'integrated-circuits' }) industry!:
    | string
    | null;
  @ApiProperty({ type: String, nullable: true, example: '2019-03-15' }) foundedOn!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 85 }) employees!: number | null;
  @ApiProperty({ type: String, nullable: true, example: null }) groupCode!: string | null;
  @ApiProperty({ example: true }) highTech!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '5000000.00' }) registeredCapital!:
    | string
    | null;
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) createdAt!: string;
}

export class EnterpriseListDto {
  @ApiProperty({ type: [EnterpriseDto] }) items!: EnterpriseDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
}

export class EnterpriseListQuery extends PageQuery {
  @TextField(
    Object.assign({}, CREDIT_CODE, { description: 'Exactly this credit code', optional: true }),
  )
  creditCode?: string;
}
