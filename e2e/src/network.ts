import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceDefinition } from '@tf/platform';
import { baseUrl, TestStack } from '@tf/testing';

const SERVICES_DIR = join(__dirname, '..', '..', 'services');

/** Every service in services/, found by its src/service.ts: a new service is in the tests by existing. */
export function discoverServices(): ServiceDefinition[] {
  return readdirSync(SERVICES_DIR)
    .filter((name) => existsSync(join(SERVICES_DIR, name, 'src', 'service.ts')))
    .map(
      (name) =>
        (require(join(SERVICES_DIR, name, 'src', 'service.ts')) as { service: ServiceDefinition })
          .service,
    );
}

export interface Network {
  stack: TestStack;
  gateway: string;
  admin: { username: string; password: string };
  /** Where a service's management port answers (/health/ready, /metrics). */
  management(service: string): string;
}

/** The whole network in this process: domain services first, the gateway last. */
export async function startNetwork(
  label: string,
  env: Record<string, string> = {},
): Promise<Network> {
  const stack = await TestStack.start(label);
  const admin = { username: 'platform.admin', password: 'platform-admin-password' };
  const shared = { ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password, ...env };
  const services = discoverServices().sort(
    (a, b) => Number(a.name === 'gateway') - Number(b.name === 'gateway'),
  );
  let gateway = '';
  for (const service of services) {
    const app = await stack.startService(service, shared);
    if (service.name === 'gateway') gateway = await baseUrl(app);
  }
  if (!gateway) throw new Error('no gateway service found in services/');
  return { stack, gateway, admin, management: (service) => stack.managementUrl(service) };
}
