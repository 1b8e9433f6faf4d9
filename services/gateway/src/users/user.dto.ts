import { ApiProperty } from '@nestjs/swagger';
import { CENTER_ROLES, USERNAME } from '@tf/contracts';
import { EnumListField, TextField } from '../http/fields';
import { PageQuery } from '../http/page.dto';

const USERNAME_FIELD = {
  maxLength: 63,
  minLength: 3,
  pattern: USERNAME,
  patternMessage: 'must be 3-63 lower-case letters, digits, dots, dashes or underscores',
  example: 'analyst.li',
};

export class CreateUserDto {
  @TextField(
    Object.assign({}, USERNAME_FIELD, {
      description: 'Unique across the platform; lower-case letters, digits, dot, dash, underscore',
    }),
  )
  username!: string;

  @TextField({
    minLength: 12,
    maxLength: 200,
    blank: 'allowed',
    example: 'a long passphrase',
    description: 'At least 12 characters; not a breached, repeated or sequential password',
  })
  password!: string;

  @EnumListField(CENTER_ROLES, { minItems: 1, maxItems: 3, example: ['analyst'] })
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
  @TextField(
    Object.assign({}, USERNAME_FIELD, { description: 'Exactly this username', optional: true }),
  )
  username?: string;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
