import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MoneyField, NotBlank, NotInFuture } from '../http/fields';
import { PageQuery } from '../http/page.dto';

export class CreateEnterpriseDto {
  @ApiProperty({
    example: '91370100MA3C5XQ16J',
    description: 'Unified social credit code (18 characters, GB 32100-2015 check character)',
  })
  @IsString()
  @Length(18, 18, { message: 'must be 18 characters' })
  creditCode!: string;

  @ApiProperty({ example: '济南量子芯片科技有限公司' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    example: 'integrated-circuits',
    description: 'Industry, as the center classifies it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  industry?: string;

  @ApiPropertyOptional({ example: '2019-03-15', description: 'Date of incorporation, YYYY-MM-DD' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  @NotInFuture()
  foundedOn?: string;

  @ApiPropertyOptional({ example: 85 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  employees?: number;

  @ApiPropertyOptional({
    example: 'LC-GROUP-7',
    description: 'Related parties share a group code (guarantee concentration limits)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  groupCode?: string;

  @ApiPropertyOptional({
    example: true,
    description: 'Recognised high-tech enterprise (lower income tax in valuations)',
  })
  @IsOptional()
  @IsBoolean()
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
  @ApiPropertyOptional({ example: '91370100MA3C5XQ16J' })
  @IsOptional()
  @IsString()
  @Length(18, 18)
  creditCode?: string;
}
