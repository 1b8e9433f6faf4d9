import { PlatformConfig } from '@tf/platform';

export class GuaranteeConfig extends PlatformConfig {
  override SERVICE_NAME = 'guarantee';
  override PORT = 3103;
  override MANAGEMENT_PORT = 9103;
}
