import { Env, PlatformConfig } from '@tf/platform';
import { IsString, MinLength } from 'class-validator';

export class TenancyConfig extends PlatformConfig {
  override SERVICE_NAME = 'tenancy';
  override PORT = 3101;
  override MANAGEMENT_PORT = 9101;

  @Env({
    description: 'username of the first platform admin, created at start if missing',
    devDefault: 'admin',
    requiredInProduction: true,
  })
  @IsString()
  @MinLength(3)
  ADMIN_USERNAME = 'admin';

  @Env({
    description:
      'password of the first platform admin (development default only outside production)',
    devDefault: 'admin-dev-password',
    requiredInProduction: true,
    secret: true,
  })
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD = 'admin-dev-password';
}
