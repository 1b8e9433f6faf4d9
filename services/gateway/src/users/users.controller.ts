import { Body, Controller, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import { ServiceClient } from '@tf/platform';
import type { Request } from 'express';
import { Allow } from '../auth/allow.decorator';
import { requestContext } from '../auth/principal';
import { ApiProblems } from '../http/problem.dto';
import { CreateUserDto, UserDto, userJson } from './user.dto';

@ApiTags('tenancy')
@Controller('users')
export class UsersController {
  constructor(private readonly tenancy: ServiceClient) {}

  @Post()
  @Allow({ roles: ['center-admin'] })
  @ApiOperation({ summary: 'Create a staff user of this center (center admin)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 403, 409)
  async create(@Body() body: CreateUserDto, @Req() request: Request): Promise<UserDto> {
    return userJson(
      await this.tenancy.request(TenancyRpc.createUser, body, requestContext(request)),
    );
  }
}
