import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { TENANT_CODE, TenancyErrors, TenancyEvents, tenancy } from '@tf/contracts';
import {
  CommonErrors,
  conflict,
  invalidInput,
  isUniqueViolation,
  LOGGER,
  messageOf,
  notFound,
  PlatformConfig,
  TenantDatabase,
  type PlatformReads,
  type PlatformWrites,
} from '@tf/platform';
import type { Logger } from 'pino';
import { SEEDED_CENTERS } from './seed-centers';
import { TenantEntity } from './tenant.entity';

/**
 * The centers. A new one is announced (tenant-created) in the transaction that creates it, and
 * every service that owns a section of the policy seeds its defaults from that.
 */
@Injectable()
export class TenantsService implements OnApplicationBootstrap {
  constructor(
    private readonly db: TenantDatabase,
    private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Seeds the centers this deployment serves; the ones already there are left alone. */
  async onApplicationBootstrap(): Promise<void> {
    const served = this.config.servedTenants;
    const centers = SEEDED_CENTERS.filter((c) => !served || served.includes(c.code));
    const created = await this.db.platformWork({ requestId: 'startup' }, async (tx) => {
      const made: string[] = [];
      for (const center of centers) {
        if (await insertCenter(tx, center)) made.push(center.code);
      }
      return made;
    });
    this.logger.info({ centers: centers.map((c) => c.code), created }, 'centers seeded');
  }

  async list(tx: PlatformReads): Promise<tenancy.ListTenantsResponse> {
    const served = this.config.servedTenants;
    const all = await tx.table(TenantEntity).find({ order: { createdAt: 'ASC', code: 'ASC' } });
    return messageOf(tenancy.ListTenantsResponseSchema, {
      items: served ? all.filter((t) => served.includes(t.code)) : all,
    });
  }

  async get(tx: PlatformReads, code: string): Promise<tenancy.Tenant> {
    const served = this.config.servedTenants;
    const tenant = await tx.table(TenantEntity).findOneBy({ code });
    if (!tenant || (served && !served.includes(code)))
      throw notFound(CommonErrors.TENANT_NOT_FOUND, `tenant ${code}`);
    return messageOf(tenancy.TenantSchema, tenant);
  }

  async create(tx: PlatformWrites, request: tenancy.CreateTenantRequest): Promise<tenancy.Tenant> {
    if (!TENANT_CODE.test(request.code)) {
      throw invalidInput(
        'code',
        'must be 2-31 lower-case letters, digits or dashes, starting with a letter',
      );
    }
    if (!request.name.trim()) throw invalidInput('name', 'must not be blank');
    try {
      if (!(await insertCenter(tx, { code: request.code, name: request.name.trim() })))
        throw conflict(
          TenancyErrors.TENANT_EXISTS,
          `tenant ${request.code} already exists`,
          'code',
        );
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(
          TenancyErrors.TENANT_EXISTS,
          `tenant ${request.code} already exists`,
          'code',
        );
      throw error;
    }
    return this.get(tx, request.code);
  }
}

/** Inserts a center unless it exists, announcing it when it is new; true when it was new. */
async function insertCenter(
  tx: PlatformWrites,
  center: { code: string; name: string },
): Promise<boolean> {
  const inserted = await tx.sql(
    'INSERT INTO tenancy.tenants (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING code',
    [center.code, center.name],
  );
  if (inserted.length === 0) return false;
  await tx.emit(TenancyEvents.tenantCreated, center, center.code);
  return true;
}
