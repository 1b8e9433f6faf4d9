import { availableParallelism } from 'node:os';
import { Env, PlatformConfig } from '@tf/platform';
import { IsInt, Max, Min } from 'class-validator';

export class ValuationConfig extends PlatformConfig {
  override SERVICE_NAME = 'valuation';
  override PORT = 3102;
  override MANAGEMENT_PORT = 9102;

  @Env({ description: 'how often approved valuations past their validity are marked expired (ms)' })
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  VALUATION_EXPIRY_SWEEP_MS = 60_000;

  @Env({
    description:
      'worker threads that render PDF reports (0: on the service thread); started on demand, gone when idle',
  })
  @IsInt()
  @Min(0)
  @Max(16)
  REPORT_WORKERS = Math.min(2, availableParallelism());
}
