import { PlatformConfig } from '@tf/platform';

export class InvestmentConfig extends PlatformConfig {
  override SERVICE_NAME = 'investment';
  override PORT = 3105;
  override MANAGEMENT_PORT = 9105;
}
