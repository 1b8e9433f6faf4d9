import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { PlatformConfig } from '../config/platform.config';
import { LOGGER } from '../logging/logger.token';
import { HealthService } from './health.service';
import { PlatformMetrics } from './platform-metrics';

/**
 * The management port (MANAGEMENT_PORT): /health/live, /health/ready and /metrics for probes and
 * Prometheus. Readiness names the NATS server and metrics count requests per route, so they stay
 * off the API port, which the public reaches. A plain node:http server: no routing, guards or
 * logging stand between a probe and its answer.
 */
@Injectable()
export class ManagementServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    private readonly config: PlatformConfig,
    private readonly health: HealthService,
    private readonly metrics: PlatformMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => {
      this.answer(request, response).catch((error: unknown) => {
        this.logger.error({ err: error, path: request.url }, 'management request failed');
        if (!response.headersSent) send(response, 500, 'application/json', '{"status":"error"}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.MANAGEMENT_PORT, '0.0.0.0', () => resolve());
    });
    this.server = server;
    this.logger.info({ port: this.port }, 'management port open');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** Where this server answers on this machine (tests and `npm start`). */
  url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.setHeader('allow', 'GET');
      return send(response, 405, 'application/json', '{"status":"method not allowed"}');
    }
    switch (path) {
      case '/health/live':
        return send(response, 200, 'application/json', '{"status":"ok"}');
      case '/health/ready': {
        const readiness = await this.health.readiness();
        return send(
          response,
          readiness.status === 'ok' ? 200 : 503,
          'application/json',
          JSON.stringify(readiness),
        );
      }
      case '/metrics':
        return send(
          response,
          200,
          this.metrics.registry.contentType,
          await this.metrics.registry.metrics(),
        );
      default:
        return send(response, 404, 'application/json', '{"status":"not found"}');
    }
  }
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}
