import { Body, Controller, HttpCode, Req } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { TenancyRpc, type Role } from '@tf/contracts';
import { CommonErrors, DomainError, Public, ServiceClient } from '@tf/platform';
import { noteForAudit } from '../audit/audit-record';
import type { HttpRequest } from '../http/http-types';
import { GatewayConfig } from '../config';
import { TextField } from '../http/fields';
import { IdempotentPost } from '../idempotency/idempotency.guard';
import { ApiProblems } from '../http/problem.dto';
import { Allow, READERS } from './allow.decorator';
import type { StaffClaims } from './auth.guard';
import { FailureLimiter } from './failure-limiter';
import { principalOf, requestContext } from './principal';
import { SessionChecker } from './session-checker';

export class TokenRequest {
  @TextField({
    maxLength: 64,
    example: 'admin',
    description: 'Staff username (unique across the platform)',
  })
  username!: string;

  @TextField({
    minLength: 1,
    maxLength: 200,
    blank: 'allowed',
    example: 'admin-dev-password',
    description: 'Password',
  })
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
    private readonly failures: FailureLimiter,
    private readonly sessions: SessionChecker,
  ) {}

  @IdempotentPost('token')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Staff login: exchange username and password for an access token',
    description:
      'After 5 failures in a row an account is locked for 30 s, doubling with each further failure up to 15 minutes ' +
      '(429, type /problems/login-locked, with Retry-After), from whatever address the attempts come.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiProblems()
  async token(@Body() body: TokenRequest, @Req() request: HttpRequest): Promise<TokenResponse> {
    const address = request.ip ?? 'unknown';
    this.failures.assertAllowed(address);
    let login;
    try {
      login = await this.tenancy.request(
        TenancyRpc.openSession,
        Object.assign({}, body, { ttlSeconds: this.config.JWT_TTL_SECONDS }),
        requestContext(request),
      );
    } catch (error) {
      if (error instanceof DomainError && error.status === 401)
        this.failures.recordFailure(address);
      throw error;
    }
    const { user, session } = login;
    if (!user || !session) throw new Error('tenancy answered a login without user or session');
    const claims: StaffClaims = {
      sub: user.id,
      username: user.username,
      roles: user.roles as Role[],
      tenant: user.tenant || null,
      sid: session.id,
    };
    const accessToken = await this.jwt.signAsync(claims, {
      expiresIn: this.config.JWT_TTL_SECONDS,
    });
    // Nobody was authenticated on the way in: the audit row names the user who logged in, in
    // their center, and the session it opened (its logout names the same).
    noteForAudit(request, {
      actor: { id: user.id, name: user.username, roles: user.roles },
      ...(user.tenant ? { tenant: user.tenant } : {}),
      targetId: session.id,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS };
  }

  @IdempotentPost('logout')
  @HttpCode(204)
  @Allow({ roles: READERS, tenant: 'optional' })
  @ApiOperation({ summary: 'End this staff token’s session: the token stops working at once' })
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiProblems()
  async logout(@Req() request: HttpRequest): Promise<void> {
    const sessionId = principalOf(request)?.sessionId;
    if (!sessionId)
      throw new DomainError(
        CommonErrors.FORBIDDEN,
        'only a staff token can log out; API keys are revoked by a center admin',
      );
    noteForAudit(request, { targetId: sessionId });
    await this.tenancy.request(TenancyRpc.closeSession, { id: sessionId }, requestContext(request));
    this.sessions.forget(sessionId);
  }
}
