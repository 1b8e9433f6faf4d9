import { Injectable } from '@nestjs/common';
import { InvestmentEvents, type investment } from '@tf/contracts';
import { formatMoney, newId, OnEvent, type EventContext } from '@tf/platform';
import { EnterpriseInvestmentEntity } from '../loans/loan.entity';

/**
 * Investment-loan linkage (投贷联动): the center's fund closing an investment in an enterprise
 * makes the `linked` product open to it, up to what was invested. Kept in the inbox's
 * transaction, one row per investment: a redelivery adds nothing.
 */
@Injectable()
export class InvestmentEventsService {
  @OnEvent(InvestmentEvents.investmentClosed)
  async investmentClosed(event: investment.InvestmentClosed, ctx: EventContext): Promise<void> {
    await ctx.rows(EnterpriseInvestmentEntity).insertMany(
      [
        {
          id: newId(),
          investmentId: event.investmentId,
          enterpriseId: event.enterpriseId,
          fundId: event.fundId,
          instrument: event.instrument,
          amount: formatMoney(event.amount),
          preMoneyValuation: formatMoney(event.preMoneyValuation),
          closedOn: event.closedOn,
        },
      ],
      { ignoreDuplicates: true },
    );
  }
}
