import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { TenancyRpc } from '@tf/contracts';
import { Clock, LOGGER, newId, ServiceClient, TenantDatabase } from '@tf/platform';
import type { Logger } from 'pino';
import { ValuationConfig } from '../config';
import { ValuationsService } from '../valuations/valuations.service';

/**
 * Marks approved valuations past their validity as expired, center by center (row-level security
 * means one transaction per center). Replicas may all run it: rows are claimed FOR UPDATE SKIP
 * LOCKED, so each expiry and its event happen once.
 */
@Injectable()
export class ExpirySweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: TenantDatabase,
    private readonly client: ServiceClient,
    private readonly valuations: ValuationsService,
    private readonly clock: Clock,
    private readonly config: ValuationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'valuation expiry sweep failed; next time'),
        )
        .finally(() => (this.running = undefined));
    }, this.config.VALUATION_EXPIRY_SWEEP_MS);
  }

  /** Before the pool closes (it does in the shutdown phase after this one). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Expires what is due as of `asOf` (default today) in every center served; returns the count. */
  async sweep(asOf = this.clock.today()): Promise<number> {
    const requestId = newId();
    const { items } = await this.client.request(TenancyRpc.listTenants, {}, { requestId });
    const served = this.config.servedTenants;
    let expired = 0;
    for (const { code } of items.filter((t) => !served || served.includes(t.code))) {
      expired += await this.db.unitOfWork(
        { requestId, tenant: code, actor: { kind: 'system', id: 'expiry-sweep' } },
        (tx) => this.valuations.expireDue(tx, asOf),
      );
    }
    if (expired > 0) this.logger.info({ expired, asOf }, 'valuations expired');
    return expired;
  }
}
