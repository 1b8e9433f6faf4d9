import { Injectable } from '@nestjs/common';
import { GuaranteeErrors, TenancyEvents, guarantee, type tenancy } from '@tf/contracts';
import {
  Clock,
  DomainError,
  formatMoney,
  messageOf,
  newId,
  OnEvent,
  PolicyStore,
  type EventContext,
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
    const institution = await ctx.read((tx) => this.of(tx));
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
