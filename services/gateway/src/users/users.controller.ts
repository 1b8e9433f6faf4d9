import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import { ServiceClient } from '@tf/platform';
import type { Request } from 'express';
import { ADMINISTRATORS, Allow } from '../auth/allow.decorator';
import { requestContext } from '../auth/principal';
import { ApiProblems } from '../http/problem.dto';
import { CreateUserDto, UserDto, userJson, UserListDto, UserListQuery } from './user.dto';

@ApiTags('tenancy')
@Controller('users')
export class UsersController {
  constructor(private readonly tenancy: ServiceClient) {}

  @Post()
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({
    summary: 'Create a staff user of this center (center admin)',
    description:
      'Passwords follow NIST SP 800-63B: at least 12 characters, not on a list of breached passwords, not a ' +
      'repetition or run of characters, not containing the username. Usernames are unique across the platform; ' +
      'one taken anywhere is a 409 that does not say where.',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 403, 409)
  async create(@Body() body: CreateUserDto, @Req() request: Request): Promise<UserDto> {
    return userJson(
      await this.tenancy.request(TenancyRpc.createUser, body, requestContext(request)),
    );
  }

  @Get()
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({ summary: "This center's staff users, oldest first" })
  @ApiOkResponse({ type: UserListDto })
  @ApiProblems(400, 403)
  async list(@Query() query: UserListQuery, @Req() request: Request): Promise<UserListDto> {
    const { items, page } = await this.tenancy.request(
      TenancyRpc.listUsers,
      {
        page: query.toPageRequest(),
        ...(query.username ? { username: query.username } : {}),
      },
      requestContext(request),
    );
    return { items: items.map(userJson), nextCursor: page?.nextCursor || null };
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({
    summary: 'Disable a staff user: no more logins, and their tokens stop working within seconds',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(403, 404)
  async disable(@Param('id') id: string, @Req() request: Request): Promise<UserDto> {
    return userJson(
      await this.tenancy.request(TenancyRpc.disableUser, { id }, requestContext(request)),
    );
  }
}
