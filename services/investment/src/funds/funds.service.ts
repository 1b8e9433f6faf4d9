import { Injectable } from '@nestjs/common';
import { InvestmentErrors, investment } from '@tf/contracts';
import { messageOf, notFound, visibleTo, type TenantReads } from '@tf/platform';
import { FundEntity } from './fund.entity';

/** The funds of a center: a partner sees those it asked for, the center's staff all. */
@Injectable()
export class FundsService {
  async get(tx: TenantReads, id: string) {
    const found = await tx.rows(FundEntity).findById(id);
    if (!found || !visibleTo(tx.actor, found.requestedByPartner))
      throw notFound(InvestmentErrors.FUND_NOT_FOUND, `fund ${id}`);
    return messageOf(investment.FundSchema, { ...found, tenant: found.tenantId });
  }
}
