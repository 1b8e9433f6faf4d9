import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import type { NatsConnection } from 'nats';
import { Public } from '../http/public.decorator';
import { TenantDatabase } from '../database/tenant-database';
import { NATS_CONNECTION } from '../events/events.tokens';
import { PlatformMetrics } from './platform-metrics';

/** /health/live, /health/ready (PostgreSQL and NATS) and /metrics on every service. */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: TenantDatabase,
    private readonly metrics: PlatformMetrics,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  /** The process is up and its event loop turns. */
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready to take traffic: PostgreSQL answers and the NATS connection is open. */
  @Get('health/ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database(), () => this.natsStatus()]);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }

  private async database(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('database');
    try {
      await this.db.ping();
      return check.up();
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async natsStatus(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('nats');
    if (this.nats.isClosed()) return check.down({ message: 'connection closed' });
    try {
      await this.nats.flush();
      return check.up({ server: this.nats.getServer() });
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
