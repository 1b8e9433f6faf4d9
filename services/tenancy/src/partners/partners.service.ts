import { Injectable } from '@nestjs/common';
import { TenancyErrors, type tenancy } from '@tf/contracts';
import {
  invalidInput,
  newId,
  notFound,
  TenantRepository,
  type TenantHandlerContext,
} from '@tf/platform';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { isPartnerKind, PARTNER_KINDS } from './partner-kinds';
import { PartnerEntity } from './partner.entity';

@Injectable()
export class PartnersService {
  async create(
    ctx: TenantHandlerContext,
    request: tenancy.CreatePartnerRequest,
  ): Promise<PartnerEntity> {
    if (!isPartnerKind(request.kind))
      throw invalidInput('kind', `must be one of ${PARTNER_KINDS.join(', ')}`);
    if (!request.name.trim()) throw invalidInput('name', 'must not be empty');
    const enterpriseId = await this.enterpriseOf(ctx, request);
    return this.repo(ctx).insert({
      id: newId(),
      name: request.name.trim(),
      kind: request.kind,
      enterpriseId,
      createdAt: new Date(),
    });
  }

  /** An enterprise partner is one SME of this center: its key will see that enterprise only. */
  private async enterpriseOf(
    ctx: TenantHandlerContext,
    request: tenancy.CreatePartnerRequest,
  ): Promise<string | null> {
    if (request.kind !== 'enterprise') {
      if (request.enterpriseId !== undefined)
        throw invalidInput('enterpriseId', 'is only for partners of kind enterprise');
      return null;
    }
    if (!request.enterpriseId)
      throw invalidInput('enterpriseId', 'is required for a partner of kind enterprise');
    const enterprise = await new TenantRepository(
      ctx.manager,
      ctx.tenant,
      EnterpriseEntity,
    ).findById(request.enterpriseId);
    if (!enterprise) {
      throw notFound(TenancyErrors.ENTERPRISE_NOT_FOUND, `enterprise ${request.enterpriseId}`, {
        field: 'enterpriseId',
        message: 'is not an enterprise of this center',
      });
    }
    return enterprise.id;
  }

  async get(ctx: TenantHandlerContext, id: string): Promise<PartnerEntity> {
    const partner = await this.repo(ctx).findById(id);
    if (!partner) throw notFound(TenancyErrors.PARTNER_NOT_FOUND, `partner ${id}`);
    return partner;
  }

  list(ctx: TenantHandlerContext, request: tenancy.ListPartnersRequest) {
    if (request.kind && !isPartnerKind(request.kind))
      throw invalidInput('kind', `must be one of ${PARTNER_KINDS.join(', ')}`);
    return this.repo(ctx).page(
      request.kind && isPartnerKind(request.kind) ? { kind: request.kind } : {},
      request.page ?? {},
    );
  }

  private repo(ctx: TenantHandlerContext) {
    return new TenantRepository(ctx.manager, ctx.tenant, PartnerEntity);
  }
}

export function partnerToMessage(p: PartnerEntity): tenancy.Partner {
  return {
    $typeName: 'tf.tenancy.v1.Partner',
    id: p.id,
    tenant: p.tenantId,
    name: p.name,
    kind: p.kind,
    createdAt: p.createdAt.toISOString(),
    ...(p.enterpriseId ? { enterpriseId: p.enterpriseId } : {}),
  };
}
