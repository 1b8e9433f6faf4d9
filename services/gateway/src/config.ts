import { Env, PlatformConfig } from '@tf/platform';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

export class GatewayConfig extends PlatformConfig {
  override SERVICE_NAME = 'gateway';
  override PORT = 3000;

  @Env({
    description: 'secret that signs staff JWTs (HS256)',
    devDefault: 'dev-only-jwt-secret-change-me',
    requiredInProduction: true,
  })
  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET = 'dev-only-jwt-secret-change-me';

  @Env({ description: 'lifetime of a staff access token (seconds)' })
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_TTL_SECONDS = 3600;

  @Env({
    description:
      'how long a verified API key is cached (ms); bounds how late a revocation takes effect',
  })
  @IsInt()
  @Min(0)
  @Max(5000)
  API_KEY_CACHE_TTL_MS = 3000;

  @Env({ description: 'requests a client (API key or user) may make per minute before 429' })
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;
}
