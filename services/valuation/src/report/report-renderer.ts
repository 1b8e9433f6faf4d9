import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { ValuationConfig } from '../config';
import type { ValuationReportData } from './report-data';
import { renderValuationReport } from './valuation-report';

/** Workers that have rendered nothing for this long exit, and their fonts' memory with them. */
const IDLE_WORKER_MS = 30_000;

/**
 * Renders reports on a pool of worker threads. A 5-asset report takes 50-70 ms of CPU in pdfkit;
 * on the service's own thread every GET and POST waited behind it, and a service could use one
 * core only (docs/performance.md, "Reports"). Workers start with the first report and exit
 * when idle, so a service at rest holds none. REPORT_WORKERS=0 renders on the service's thread.
 */
@Injectable()
export class ReportRenderer implements OnApplicationShutdown {
  private pool: Piscina | undefined;

  constructor(@Inject(ValuationConfig) private readonly config: ValuationConfig) {}

  async render(data: ValuationReportData): Promise<Buffer> {
    if (this.config.REPORT_WORKERS === 0) return renderValuationReport(data);
    const bytes = (await this.workers().run(data)) as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.destroy();
  }

  private workers(): Piscina {
    this.pool ??= new Piscina(
      Object.assign({}, workerScript(), {
        minThreads: 0,
        maxThreads: this.config.REPORT_WORKERS,
        idleTimeout: IDLE_WORKER_MS,
      }),
    );
    return this.pool;
  }
}

/**
 * The worker's file: beside main.js in the bundle; from the TypeScript source (tests, tools), the
 * .ts file loaded through the repository's swc hook, which Jest's transform does not reach.
 */
function workerScript(): { filename: string; execArgv?: string[] } {
  const bundled = join(__dirname, 'report-worker.js');
  if (existsSync(bundled)) return { filename: bundled };
  const root = join(__dirname, '..', '..', '..', '..');
  return {
    filename: join(__dirname, 'report-worker.ts'),
    execArgv: ['--require', join(root, 'tools', 'register-ts.cjs')],
  };
}
