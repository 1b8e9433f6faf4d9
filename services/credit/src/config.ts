import { PlatformConfig } from '@tf/platform';

export class CreditConfig extends PlatformConfig {
  override SERVICE_NAME = 'credit';
  override PORT = 3104;
  override MANAGEMENT_PORT = 9104;
}
