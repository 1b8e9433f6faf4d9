import { Injectable } from '@nestjs/common';
import {
  CreditEvents,
  GuaranteeEvents,
  TradingEvents,
  type guarantee,
  type trading,
} from '@tf/contracts';
import { Clock, formatMoney, Money, newId, OnEvent, type EventContext } from '@tf/platform';
import { LoanCollateralEntity, LoanEntity } from '../loans/loan.entity';
import { RecoveryEntity } from '../repayments/repayment.entity';

type Source = RecoveryEntity['source'];

/**
 * What a defaulted loan gets back: the guarantee institution's claim payout (`guarantee-claimed`),
 * the sale of its pledged patents (`collateral-sold`), and, for a guaranteed loan, the bank's
 * share of what the institution recovers by selling its counter-guarantees (`guarantee-recovered`:
 * the proceeds are the institution's, shared back by the claim's split, so the sale itself is not
 * the loan's to book). Each is booked once against the
 * outstanding principal (principal first; what exceeds it is the rest of the debt's), and the
 * loan closes when nothing is outstanding. Runs in the inbox's transaction: a redelivered event
 * changes nothing, and the unique index on (source, source id) holds even without the inbox.
 */
@Injectable()
export class RecoveryEventsService {
  constructor(private readonly clock: Clock) {}

  @OnEvent(GuaranteeEvents.claimed)
  async claimed(event: guarantee.GuaranteeClaimed, ctx: EventContext): Promise<void> {
    await this.recover(
      ctx,
      event.loanId,
      'guarantee-claim',
      event.claimId,
      event.payout,
      event.payableOn,
    );
  }

  /** The bank's own pledges only: a sale naming a guarantee is the institution's (below). */
  @OnEvent(TradingEvents.collateralSold, { when: (event) => event.guaranteeId === undefined })
  async collateralSold(event: trading.CollateralSold, ctx: EventContext): Promise<void> {
    await this.recover(
      ctx,
      event.loanId,
      'collateral-sale',
      event.dealId,
      event.proceeds,
      event.soldOn,
    );
  }

  @OnEvent(GuaranteeEvents.recovered, {
    when: (event) => event.shares.some((s) => s.party === 'bank'),
  })
  async guaranteeRecovered(event: guarantee.GuaranteeRecovered, ctx: EventContext): Promise<void> {
    const bank = event.shares.find((share) => share.party === 'bank');
    if (!bank || new Money(bank.amount).isZero()) return;
    await this.recover(
      ctx,
      event.loanId,
      'collateral-sale',
      event.dealId,
      bank.amount,
      event.recoveredOn,
    );
  }

  private async recover(
    ctx: EventContext,
    loanId: string,
    source: Source,
    sourceId: string,
    amount: string,
    on: string,
  ): Promise<void> {
    const loan = await ctx.rows(LoanEntity).findByIdForUpdate(loanId);
    if (!loan || loan.status !== 'defaulted') {
      ctx.log.warn(
        { loanId, source, sourceId, status: loan?.status ?? 'unknown' },
        'a recovery for a loan that is not defaulted: ignored',
      );
      return;
    }
    const principal = Money.min(new Money(amount), loan.outstandingPrincipal);
    const [booked] = await ctx.rows(RecoveryEntity).insertMany(
      [
        {
          id: newId(),
          loanId,
          source,
          sourceId,
          amount: formatMoney(amount),
          principal: formatMoney(principal),
          recoveredOn: on,
        },
      ],
      { ignoreDuplicates: true },
    );
    if (!booked) return; // this source was booked already
    const outstanding = new Money(loan.outstandingPrincipal).minus(principal);
    const closes = outstanding.isZero();
    await ctx.rows(LoanEntity).update(loanId, {
      outstandingPrincipal: formatMoney(outstanding),
      principalRecovered: formatMoney(new Money(loan.principalRecovered).plus(principal)),
      ...(closes ? { status: 'closed' as const, closedOn: on } : {}),
      updatedAt: this.clock.now(),
    });
    await ctx.emit(CreditEvents.loanRecovered, {
      loanId,
      guaranteeId: loan.guaranteeId ?? undefined,
      source,
      amount: formatMoney(amount),
      principalRecovered: formatMoney(principal),
      outstandingPrincipal: formatMoney(outstanding),
      recoveredOn: on,
    });
    if (closes) {
      await ctx.rows(LoanCollateralEntity).updateWhere({ loanId, live: true }, { live: false });
      await ctx.emit(CreditEvents.loanClosed, {
        loanId,
        guaranteeId: loan.guaranteeId ?? undefined,
        closedOn: on,
      });
    }
  }
}
