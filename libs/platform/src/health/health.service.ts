import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { TenantDatabase } from '../database/tenant-database';
import { NATS_CONNECTION } from '../events/events.tokens';

type Check = { status: 'up'; [detail: string]: unknown } | { status: 'down'; message: string };

export interface Readiness {
  status: 'ok' | 'error';
  /** Checks that passed. */
  info: Record<string, Check>;
  /** Checks that failed. */
  error: Record<string, Check>;
  details: Record<string, Check>;
}

/**
 * Whether this process can take traffic: PostgreSQL answers and the NATS connection is open, and
 * it is not shutting down (readiness goes red first, so traffic moves elsewhere while it drains).
 */
@Injectable()
export class HealthService {
  private stopping = false;

  constructor(
    private readonly db: TenantDatabase,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  /** From now on readiness fails: the process is shutting down (graceful-shutdown.ts). */
  stopTakingTraffic(): void {
    this.stopping = true;
  }

  async readiness(): Promise<Readiness> {
    const [database, nats] = await Promise.all([this.database(), this.natsStatus()]);
    const details: Record<string, Check> = { database, nats };
    if (this.stopping) details['shutdown'] = { status: 'down', message: 'shutting down' };
    const entries = Object.entries(details);
    return {
      status: entries.every(([, check]) => check.status === 'up') ? 'ok' : 'error',
      info: Object.fromEntries(entries.filter(([, check]) => check.status === 'up')),
      error: Object.fromEntries(entries.filter(([, check]) => check.status === 'down')),
      details,
    };
  }

  private async database(): Promise<Check> {
    try {
      await this.db.ping();
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: describe(error) };
    }
  }

  private async natsStatus(): Promise<Check> {
    if (this.nats.isClosed()) return { status: 'down', message: 'connection closed' };
    try {
      await this.nats.flush();
      return { status: 'up', server: this.nats.getServer() };
    } catch (error) {
      return { status: 'down', message: describe(error) };
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
