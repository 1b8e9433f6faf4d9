import { Env, PlatformConfig, SecretEnv } from '@tf/platform';
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

  @SecretEnv({
    description:
      'password of the first platform admin (development default only outside production)',
    devDefault: 'admin-dev-password',
    minLength: 12,
  })
  ADMIN_PASSWORD = 'admin-dev-password';
}
