import { Injectable } from '@nestjs/common';
import { GuaranteeErrors, TenancyEvents, guarantee, type tenancy } from '@tf/contracts';
import {
  Clock,
  DomainError,
  formatMoney,
  hasRole,
  invalidFields,
  isMoneyString,
  messageOf,
  newId,
  OnEvent,
  PolicyStore,
  type EventContext,
  type FieldProblem,
  type HandlerContext,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { headroom, limitsOf } from '../guarantees/domain/limits';
import type { GuaranteePolicy } from '../guarantees/domain/types';
import { InstitutionEntity } from './institution.entity';
import { institutionFor } from './seed-institutions';

/** The center's guarantee institution: seeded with the center, read for its capacity, locked by approvals. */
@Injectable()
export class InstitutionsService {
  constructor(
    private readonly policy: PolicyStore<typeof guarantee.GuaranteePolicySchema>,
    private readonly clock: Clock,
  ) {}

  /** A new center gets its institution; a redelivered announcement changes nothing (one per center). */
  @OnEvent(TenancyEvents.tenantCreated)
  async seed(created: tenancy.TenantCreated, ctx: EventContext): Promise<void> {
    const { name, netAssets } = institutionFor(created.code, created.name);
    await ctx.sql(
      `INSERT INTO guarantee.institutions (id, tenant_id, name, net_assets) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id) DO NOTHING`,
      [newId(), ctx.tenant, name, netAssets],
    );
  }

  async capacity(ctx: HandlerContext): Promise<guarantee.GuaranteeCapacity> {
    const policy = (await this.policy.of(ctx)) as GuaranteePolicy;
    return capacityOf(await ctx.read((tx) => this.of(tx)), policy);
  }

  /**
   * A center admin states the institution's audited net assets (its limits follow at once). Under
   * the institution's lock, so no approval checks against a figure being changed. Lowering them
   * below what the outstanding liability needs is allowed (the capital is what it is): approvals
   * are then refused until the book fits again.
   */
  async update(
    ctx: HandlerContext,
    request: guarantee.UpdateInstitutionRequest,
  ): Promise<guarantee.GuaranteeCapacity> {
    if (!hasRole(ctx.actor, 'center-admin', 'platform-admin')) {
      throw new DomainError(
        GuaranteeErrors.INSTITUTION_CHANGE_NOT_ADMIN,
        "the institution's net assets are stated by the center's admin",
      );
    }
    const problems: FieldProblem[] = [];
    if (!isMoneyString(request.netAssets))
      problems.push({
        field: 'netAssets',
        message: 'must be an amount with at most 2 decimal places',
      });
    const name = request.name?.trim();
    if (request.name !== undefined && (!name || name.length > 200))
      problems.push({ field: 'name', message: 'must be 1 to 200 characters' });
    if (problems.length > 0) throw invalidFields(problems, GuaranteeErrors.INVALID_GUARANTEE);
    const policy = (await this.policy.of(ctx)) as GuaranteePolicy;
    return ctx.unitOfWork(async (tx) => {
      const institution = await this.lock(tx, (await this.of(tx)).id);
      const changes = {
        netAssets: formatMoney(request.netAssets),
        ...(name ? { name } : {}),
        updatedAt: this.clock.now(),
      };
      await tx.rows(InstitutionEntity).update(institution.id, changes);
      return capacityOf(Object.assign({}, institution, changes), policy);
    });
  }

  /** The center's institution. */
  async of(tx: TenantReads): Promise<InstitutionEntity> {
    const [institution] = await tx.rows(InstitutionEntity).find({});
    return institution ?? noInstitution();
  }

  /**
   * The institution's row, locked until the transaction ends: approvals of one center queue
   * here, so each checks the limits against what the one before it reserved.
   */
  async lock(tx: TenantWrites, id: string): Promise<InstitutionEntity> {
    return (await tx.rows(InstitutionEntity).findByIdForUpdate(id)) ?? noInstitution();
  }

  /** Sets the institution's outstanding liability (under the lock taken by `lock`). */
  async setOutstanding(tx: TenantWrites, id: string, outstanding: string): Promise<void> {
    await tx.rows(InstitutionEntity).update(id, { outstanding, updatedAt: this.clock.now() });
  }
}

function noInstitution(): never {
  throw new DomainError(
    GuaranteeErrors.NO_GUARANTEE_INSTITUTION,
    'this center has no guarantee institution yet',
  );
}

/** The institution against its limits, as GET /guarantee-capacity answers. */
function capacityOf(
  institution: InstitutionEntity,
  policy: GuaranteePolicy,
): guarantee.GuaranteeCapacity {
  const limits = limitsOf(institution.netAssets, policy);
  return messageOf(guarantee.GuaranteeCapacitySchema, {
    institutionId: institution.id,
    name: institution.name,
    netAssets: formatMoney(institution.netAssets),
    outstanding: formatMoney(institution.outstanding),
    leverage: policy.leverageMultiple,
    headroom: headroom(institution.netAssets, institution.outstanding, policy),
    singleClientLimit: formatMoney(limits.singleClient),
    groupLimit: formatMoney(limits.group),
    currency: 'CNY',
  });
}
