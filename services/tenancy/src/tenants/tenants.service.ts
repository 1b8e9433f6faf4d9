import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { TenancyErrors, type tenancy } from '@tf/contracts';
import {
  CommonErrors,
  conflict,
  invalidFields,
  invalidInput,
  LOGGER,
  notFound,
  PlatformConfig,
  TenantDatabase,
  type HandlerContext,
} from '@tf/platform';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import {
  DEFAULT_POLICY,
  mergePolicy,
  policyProblems,
  POLICY_FIELDS,
  type PolicyValues,
} from './policy';
import { SEEDED_CENTERS } from './seed-centers';
import { TenantEntity } from './tenant.entity';

const TENANT_CODE = /^[a-z][a-z0-9-]{1,30}$/;

@Injectable()
export class TenantsService implements OnApplicationBootstrap {
  constructor(
    private readonly db: TenantDatabase,
    private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Seeds the centers this deployment serves with the default policy; existing ones are left alone. */
  async onApplicationBootstrap(): Promise<void> {
    const served = this.config.servedTenants;
    const centers = SEEDED_CENTERS.filter((c) => !served || served.includes(c.code));
    await this.db.transaction(undefined, async (manager) => {
      for (const center of centers) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(TenantEntity)
          .values({ code: center.code, name: center.name, policy: { ...DEFAULT_POLICY } })
          .orIgnore()
          .execute();
      }
    });
    this.logger.info({ centers: centers.map((c) => c.code) }, 'centers seeded');
  }

  async list(ctx: HandlerContext): Promise<TenantEntity[]> {
    const served = this.config.servedTenants;
    const all = await ctx.manager.find(TenantEntity, { order: { createdAt: 'ASC', code: 'ASC' } });
    return served ? all.filter((t) => served.includes(t.code)) : all;
  }

  async get(ctx: HandlerContext, code: string): Promise<TenantEntity> {
    return this.require(ctx.manager, code);
  }

  async create(ctx: HandlerContext, request: tenancy.CreateTenantRequest): Promise<TenantEntity> {
    if (!TENANT_CODE.test(request.code)) {
      throw invalidInput(
        'code',
        'must be 2-31 lower-case letters, digits or dashes, starting with a letter',
      );
    }
    const changes = request.policy ? policyFromMessage(request.policy) : {};
    const policy = mergePolicy({ ...DEFAULT_POLICY }, changes, Object.keys(changes));
    assertValidPolicy(policy);
    const exists = await ctx.manager.findOneBy(TenantEntity, { code: request.code });
    if (exists)
      throw conflict(TenancyErrors.TENANT_EXISTS, `tenant ${request.code} already exists`, 'code');
    const tenant = ctx.manager.create(TenantEntity, {
      code: request.code,
      name: request.name.trim(),
      policy,
    });
    await ctx.manager.insert(TenantEntity, tenant);
    return this.require(ctx.manager, request.code);
  }

  async updatePolicy(
    ctx: HandlerContext,
    request: tenancy.UpdatePolicyRequest,
  ): Promise<TenantEntity> {
    const tenant = await this.require(ctx.manager, request.code, true);
    const unknown = request.fields.filter((f) => !(POLICY_FIELDS as string[]).includes(f));
    if (unknown.length > 0) {
      throw invalidFields(
        unknown.map((f) => ({ field: `policy.${f}`, message: 'is not a policy field' })),
      );
    }
    const policy = mergePolicy(
      tenant.policy,
      request.policy ? policyFromMessage(request.policy) : {},
      request.fields,
    );
    assertValidPolicy(policy);
    await ctx.manager.update(TenantEntity, { code: tenant.code }, { policy });
    return { ...tenant, policy };
  }

  private async require(manager: EntityManager, code: string, lock = false): Promise<TenantEntity> {
    const served = this.config.servedTenants;
    const tenant = await manager.findOne(TenantEntity, {
      where: { code },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!tenant || (served && !served.includes(code)))
      throw notFound(CommonErrors.TENANT_NOT_FOUND, `tenant ${code}`);
    return tenant;
  }
}

function assertValidPolicy(policy: PolicyValues): void {
  const problems = policyProblems(policy);
  if (problems.length > 0) {
    throw invalidFields(problems);
  }
}

/** Proto Policy → values: empty strings and zeros mean "not given". */
export function policyFromMessage(message: tenancy.Policy): Partial<PolicyValues> {
  const values: Partial<PolicyValues> = {};
  for (const field of POLICY_FIELDS) {
    const value = (message as unknown as Record<string, unknown>)[field];
    if (value !== '' && value !== 0 && value !== undefined)
      (values as Record<string, unknown>)[field] = value;
  }
  return values;
}

export function tenantToMessage(tenant: TenantEntity): tenancy.Tenant {
  return {
    $typeName: 'tf.tenancy.v1.Tenant',
    code: tenant.code,
    name: tenant.name,
    policy: { $typeName: 'tf.tenancy.v1.Policy', ...DEFAULT_POLICY, ...tenant.policy },
    createdAt: tenant.createdAt.toISOString(),
  };
}
