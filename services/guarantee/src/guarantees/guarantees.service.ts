import { Injectable } from '@nestjs/common';
import { GuaranteeErrors, guarantee } from '@tf/contracts';
import { messageOf, notFound, visibleTo, type TenantReads } from '@tf/platform';
import { GuaranteeEntity } from './guarantee.entity';

/** The guarantees of a center: a partner sees those it asked for, the center's staff all. */
@Injectable()
export class GuaranteesService {
  async get(tx: TenantReads, id: string) {
    const found = await tx.rows(GuaranteeEntity).findById(id);
    if (!found || !visibleTo(tx.actor, found.requestedByPartner))
      throw notFound(GuaranteeErrors.GUARANTEE_NOT_FOUND, `guarantee ${id}`);
    return messageOf(guarantee.GuaranteeSchema, { ...found, tenant: found.tenantId });
  }
}
