import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CENTER_ROLES } from '@tf/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../http/page.dto';

export class CreateUserDto {
  @ApiProperty({
    example: 'analyst.li',
    description: 'Unique across the platform; lower-case letters, digits, dot, dash, underscore',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(63)
  username!: string;

  @ApiProperty({
    example: 'a long passphrase',
    description: 'At least 12 characters; not a breached, repeated or sequential password',
  })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: CENTER_ROLES, isArray: true, example: ['analyst'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsIn(CENTER_ROLES, { each: true })
  roles!: string[];
}

export class UserDto {
  @ApiProperty({ example: '0192f3c4-5b6a-7c8d-9e0f-1a2b3c4d5e6f' }) id!: string;
  @ApiProperty({ type: String, nullable: true, example: 'jinan' }) tenant!: string | null;
  @ApiProperty({ example: 'analyst.li' }) username!: string;
  @ApiProperty({ example: ['analyst'] }) roles!: string[];
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'When a center admin disabled the user',
  })
  disabledAt!: string | null;
}

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'analyst.li', description: 'Exactly this username' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  username?: string;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
