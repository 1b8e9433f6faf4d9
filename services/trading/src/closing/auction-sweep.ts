import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { LOGGER, newId, TenancyClient, TenantDatabase } from '@tf/platform';
import type { Logger } from 'pino';
import { TradingConfig } from '../config';
import { ListingsService } from '../listings/listings.service';
import { ClosingService } from './closing.service';

/**
 * Closes auctions past their end, center by center (row-level security means one transaction per
 * center), as the center's hammer would. Replicas may all run it: due listings are claimed FOR
 * UPDATE SKIP LOCKED, so each closing and its events happen once.
 */
@Injectable()
export class AuctionSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: TenantDatabase,
    private readonly tenancy: TenancyClient,
    private readonly listings: ListingsService,
    private readonly closing: ClosingService,
    private readonly config: TradingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'auction sweep failed; next time'),
        )
        .finally(() => (this.running = undefined));
    }, this.config.TRADING_AUCTION_SWEEP_MS);
  }

  /** Before the pool closes (it does in the shutdown phase after this one). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Closes what is due now in every center served; returns how many auctions it closed. */
  async sweep(): Promise<number> {
    const requestId = newId();
    const served = this.config.servedTenants;
    const centers = await this.tenancy.centerCodes({ requestId });
    let closed = 0;
    for (const tenant of centers.filter((code) => !served || served.includes(code))) {
      const request = {
        requestId,
        tenant,
        actor: { kind: 'system' as const, id: 'auction-sweep' },
      };
      const policy = await this.listings.policyOf({
        tenant,
        read: (work) => this.db.read(request, work),
      });
      closed += await this.db.unitOfWork(request, (tx) => this.closing.closeDue(tx, policy));
    }
    if (closed > 0) this.logger.info({ closed }, 'auctions closed at their end');
    return closed;
  }
}
