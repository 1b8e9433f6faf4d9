import { Injectable } from '@nestjs/common';
import { PARTNER_KINDS, TenancyErrors, tenancy } from '@tf/contracts';
import {
  invalidInput,
  isOneOf,
  messageOf,
  newId,
  notFound,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { PartnerEntity } from './partner.entity';

/** The banks, guarantors, funds, brokers, universities and SMEs a center works with. */
@Injectable()
export class PartnersService {
  async create(tx: TenantWrites, request: tenancy.CreatePartnerRequest): Promise<tenancy.Partner> {
    if (!isOneOf(PARTNER_KINDS, request.kind))
      throw invalidInput('kind', `must be one of ${PARTNER_KINDS.join(', ')}`);
    if (!request.name.trim()) throw invalidInput('name', 'must not be blank');
    const enterpriseId = await this.enterpriseOf(tx, request);
    const partner = await tx.rows(PartnerEntity).insert({
      id: newId(),
      name: request.name.trim(),
      kind: request.kind,
      enterpriseId,
      createdAt: new Date(),
    });
    return partnerMessage(partner);
  }

  async get(tx: TenantReads, id: string): Promise<tenancy.Partner> {
    return partnerMessage(await this.find(tx, id));
  }

  /** A partner of this center; another center's is not found. */
  async find(tx: TenantReads, id: string): Promise<PartnerEntity> {
    const partner = await tx.rows(PartnerEntity).findById(id);
    if (!partner) throw notFound(TenancyErrors.PARTNER_NOT_FOUND, `partner ${id}`);
    return partner;
  }

  async list(
    tx: TenantReads,
    request: tenancy.ListPartnersRequest,
  ): Promise<tenancy.ListPartnersResponse> {
    const kind = request.kind;
    if (kind !== undefined && !isOneOf(PARTNER_KINDS, kind))
      throw invalidInput('kind', `must be one of ${PARTNER_KINDS.join(', ')}`);
    const page = await tx.rows(PartnerEntity).page(kind ? { kind } : {}, request.page);
    return messageOf(tenancy.ListPartnersResponseSchema, {
      items: page.items.map(partnerMessage),
      page: { nextCursor: page.nextCursor },
    });
  }

  /** An enterprise partner is one SME of this center: its key will see that enterprise only. */
  private async enterpriseOf(
    tx: TenantReads,
    request: tenancy.CreatePartnerRequest,
  ): Promise<string | null> {
    if (request.kind !== 'enterprise') {
      if (request.enterpriseId !== undefined)
        throw invalidInput('enterpriseId', 'is only for partners of kind enterprise');
      return null;
    }
    if (!request.enterpriseId)
      throw invalidInput('enterpriseId', 'is required for a partner of kind enterprise');
    const enterprise = await tx.rows(EnterpriseEntity).findById(request.enterpriseId);
    if (!enterprise) {
      throw notFound(TenancyErrors.ENTERPRISE_NOT_FOUND, `enterprise ${request.enterpriseId}`, {
        field: 'enterpriseId',
        message: 'is not an enterprise of this center',
      });
    }
    return enterprise.id;
  }
}

function partnerMessage(partner: PartnerEntity): tenancy.Partner {
  return messageOf(tenancy.PartnerSchema, Object.assign({}, partner, { tenant: partner.tenantId }));
}
