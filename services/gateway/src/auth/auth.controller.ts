import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { TenancyRpc } from '@tf/contracts';
import { Public, ServiceClient, type Role } from '@tf/platform';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Request } from 'express';
import { GatewayConfig } from '../config';
import { ApiProblems } from '../http/problem.dto';
import { requestContext } from './principal';
import type { StaffClaims } from './auth.guard';

export class TokenRequest {
  @ApiProperty({ example: 'admin', description: 'Staff username (unique across the platform)' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'admin-dev-password', description: 'Password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class TokenResponse {
  @ApiProperty({ description: 'JWT to send as Authorization: Bearer <accessToken>' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ example: 3600, description: 'Seconds until the token expires' })
  expiresIn!: number;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly tenancy: ServiceClient,
    private readonly jwt: JwtService,
    private readonly config: GatewayConfig,
  ) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff login: exchange username and password for an access token' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiProblems(400, 401)
  async token(@Body() body: TokenRequest, @Req() request: Request): Promise<TokenResponse> {
    const user = await this.tenancy.request(
      TenancyRpc.verifyPassword,
      body,
      requestContext(request),
    );
    const claims: StaffClaims = {
      sub: user.id,
      username: user.username,
      roles: user.roles as Role[],
      tenant: user.tenant || null,
    };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: this.config.JWT_TTL_SECONDS,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS };
  }
}
