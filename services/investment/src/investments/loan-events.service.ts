import { Injectable } from '@nestjs/common';
import { CreditEvents, type credit } from '@tf/contracts';
import { formatMoney, newId, OnEvent, type EventContext } from '@tf/platform';
import { InvestmentEntity, LinkedLoanEntity } from './investment.entity';

/**
 * Investment-loan linkage (投贷联动), the holding's side: a bank's linked loan approved against
 * one of the fund's investments is recorded on the holding with the bank's warrant, as credit
 * records it on the loan. In the inbox's transaction, one row per loan.
 */
@Injectable()
export class LoanEventsService {
  @OnEvent(CreditEvents.loanApproved, { when: (event) => event.linkedInvestmentId !== undefined })
  async loanApproved(event: credit.LoanApproved, ctx: EventContext): Promise<void> {
    const held = await ctx.rows(InvestmentEntity).findById(event.linkedInvestmentId!);
    if (!held) {
      ctx.log.warn(
        { loanId: event.loanId, investmentId: event.linkedInvestmentId },
        'a linked loan names an investment this center does not hold: not recorded',
      );
      return;
    }
    await ctx.rows(LinkedLoanEntity).insertMany(
      [
        {
          id: newId(),
          investmentId: held.id,
          loanId: event.loanId,
          lenderPartnerId: event.lenderPartnerId,
          principal: formatMoney(event.principal),
          warrantCoverage: event.warrantCoverage ?? '0',
          approvedAt: new Date(),
        },
      ],
      { ignoreDuplicates: true },
    );
  }
}
