import { Body, Controller, Get, HttpCode, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import type { HttpRequest } from '../http/http-types';
import { ADMINISTRATORS, Allow } from '../auth/allow.decorator';
import { Forward } from '../http/forward';
import { IdParam } from '../http/params';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import { ApiProblems } from '../http/problem.dto';
import { CreateUserDto, UserDto, UserListDto, UserListQuery } from './user.dto';

@ApiTags('tenancy')
@Controller('users')
export class UsersController {
  constructor(private readonly forward: Forward) {}

  @IdempotentPost()
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({
    summary: 'Create a staff user of this center (center admin)',
    description:
      'Passwords follow NIST SP 800-63B: at least 12 characters, not on a list of breached passwords, not a ' +
      'repetition or run of characters, not containing the username. Usernames are unique across the platform; ' +
      'one taken anywhere is a 409 that does not say where.',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(409)
  create(@Body() body: CreateUserDto, @Req() request: HttpRequest) {
    return this.forward.json(TenancyRpc.createUser, body, request);
  }

  @Get()
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({ summary: "This center's staff users, oldest first" })
  @ApiOkResponse({ type: UserListDto })
  @ApiProblems()
  list(@Query() query: UserListQuery, @Req() request: HttpRequest) {
    return this.forward.page(
      TenancyRpc.listUsers,
      { page: query.toPageRequest(), username: query.username },
      request,
    );
  }

  @IdempotentPost(':id/disable')
  @HttpCode(200)
  @Allow({ roles: ADMINISTRATORS })
  @ApiOperation({
    summary: 'Disable a staff user: no more logins, and their tokens stop working within seconds',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(404)
  disable(@IdParam() id: string, @Req() request: HttpRequest) {
    return this.forward.json(TenancyRpc.disableUser, { id }, request);
  }
}
