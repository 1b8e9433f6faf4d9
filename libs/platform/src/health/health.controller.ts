import { Controller, Get } from '@nestjs/common';
import { Public } from '../http/public.decorator';

/**
 * The one health route on the public port: the process is up and its event loop turns.
 * Readiness and metrics say more (addresses, versions, traffic) and are served on the
 * management port only (ManagementServer). The gateway leaves it out of its API document.
 */
@Public()
@Controller()
export class HealthController {
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }
}
