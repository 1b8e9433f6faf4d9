import { Env, PlatformConfig } from '@tf/platform';
import { IsInt, Max, Min } from 'class-validator';

export class TradingConfig extends PlatformConfig {
  override SERVICE_NAME = 'trading';
  override PORT = 3106;
  override MANAGEMENT_PORT = 9106;

  @Env({ description: 'how often auctions past their end are closed (ms)' })
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  TRADING_AUCTION_SWEEP_MS = 30_000;
}
