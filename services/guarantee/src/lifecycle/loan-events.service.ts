import { Injectable } from '@nestjs/common';
import {
  CreditEvents,
  GuaranteeEvents,
  TradingEvents,
  guarantee,
  type credit,
  type trading,
} from '@tf/contracts';
import {
  Clock,
  formatMoney,
  Money,
  newId,
  OnEvent,
  PolicyStore,
  type EventContext,
} from '@tf/platform';
import { ClaimEntity, RecoveryEntity } from '../claims/claim.entity';
import { claimAllocation, recoveryAllocation } from '../guarantees/domain/claims';
import {
  appliesTo,
  arrivedEarly,
  liabilityAfterRepayment,
  payableOn,
  statusAfterRecovery,
  type LoanEvent,
} from '../guarantees/domain/lifecycle';
import type { GuaranteePolicy } from '../guarantees/domain/types';
import { GuaranteeEntity } from '../guarantees/guarantee.entity';
import { InstitutionsService } from '../institutions/institutions.service';

/** Loans without a guarantee are none of this service's business: no transaction for them. */
const GUARANTEED = { when: (event: { guaranteeId?: string }) => event.guaranteeId !== undefined };

/**
 * A guarantee follows its loan by the credit service's events (and the trading service's sale of
 * the pledged IP): active when disbursed, liability falling with each repayment, released when
 * the loan closes, a claim when it defaults, recoveries shared back by the claim's split. Each
 * runs in the inbox's transaction, so a redelivered event changes nothing; the institution's row
 * is locked first, as approvals lock it, whenever its outstanding liability moves.
 */
@Injectable()
export class LoanEventsService {
  constructor(
    private readonly institutions: InstitutionsService,
    private readonly policy: PolicyStore<typeof guarantee.GuaranteePolicySchema>,
    private readonly clock: Clock,
  ) {}

  @OnEvent(CreditEvents.loanDisbursed, GUARANTEED)
  async disbursed(event: credit.LoanDisbursed, ctx: EventContext): Promise<void> {
    const found = await this.guaranteeFor(ctx, 'disbursed', event.guaranteeId, event.loanId);
    if (!found) return;
    // Liable for the loan as lent: its principal × coverageRatio, never above what was approved.
    const liability = liabilityAfterRepayment(
      found.outstandingLiability,
      event.principal,
      found.coverageRatio,
    );
    await this.moveLiability(ctx, found, liability);
    await this.update(ctx, found, {
      status: 'active',
      loanId: event.loanId,
      outstandingLiability: liability,
    });
    await ctx.emit(GuaranteeEvents.activated, {
      guaranteeId: found.id,
      loanId: event.loanId,
      outstandingLiability: liability,
    });
  }

  @OnEvent(CreditEvents.loanRepaid, GUARANTEED)
  async repaid(event: credit.LoanRepaid, ctx: EventContext): Promise<void> {
    const found = await this.guaranteeFor(ctx, 'repaid', event.guaranteeId, event.loanId);
    if (!found) return;
    const liability = liabilityAfterRepayment(
      found.outstandingLiability,
      event.outstandingPrincipal,
      found.coverageRatio,
    );
    await this.moveLiability(ctx, found, liability);
    await this.update(ctx, found, { outstandingLiability: liability });
  }

  @OnEvent(CreditEvents.loanClosed, GUARANTEED)
  async closed(event: credit.LoanClosed, ctx: EventContext): Promise<void> {
    const found = await this.guaranteeFor(ctx, 'closed', event.guaranteeId, event.loanId);
    if (!found) return;
    const released = found.outstandingLiability;
    await this.moveLiability(ctx, found, '0.00');
    await this.update(ctx, found, { status: 'released', outstandingLiability: '0.00' });
    await ctx.emit(GuaranteeEvents.released, {
      guaranteeId: found.id,
      loanId: event.loanId,
      releasedLiability: formatMoney(released),
    });
  }

  @OnEvent(CreditEvents.loanDefaulted, GUARANTEED)
  async defaulted(event: credit.LoanDefaulted, ctx: EventContext): Promise<void> {
    const found = await this.guaranteeFor(ctx, 'defaulted', event.guaranteeId, event.loanId);
    if (!found) return;
    const policy = (await this.policy.current(ctx)) as GuaranteePolicy;
    const allocation = claimAllocation(
      event.defaultedPrincipal,
      event.defaultedInterest,
      found.coverageRatio,
      policy,
    );
    const claim = await ctx.rows(ClaimEntity).insert({
      id: newId(),
      guaranteeId: found.id,
      loanId: event.loanId,
      claim: allocation.claim,
      payout: allocation.payout,
      shares: allocation.shares,
      receivables: allocation.receivables,
      recovered: '0.00',
      defaultedOn: event.defaultedOn,
      payableOn: payableOn(event.defaultedOn, policy.claimWaitingDays),
      createdAt: this.clock.now(),
    });
    // The liability became a claim: it no longer counts against the limits.
    await this.moveLiability(ctx, found, '0.00');
    await this.update(ctx, found, { status: 'claimed', outstandingLiability: '0.00' });
    await ctx.emit(GuaranteeEvents.claimed, {
      guaranteeId: found.id,
      loanId: event.loanId,
      claimId: claim.id,
      claim: claim.claim,
      shares: claim.shares,
      payout: claim.payout,
      receivables: claim.receivables,
      payableOn: claim.payableOn,
      enterpriseId: found.enterpriseId,
      counterGuaranteedAssets: found.counterGuarantees.flatMap((c) => c.assets ?? []),
    });
  }

  @OnEvent(TradingEvents.collateralSold, GUARANTEED)
  async collateralSold(event: trading.CollateralSold, ctx: EventContext): Promise<void> {
    const found = await this.guaranteeFor(ctx, 'collateral-sold', event.guaranteeId, event.loanId);
    if (!found) return;
    const [claim] = await ctx.rows(ClaimEntity).findForUpdate({ guaranteeId: found.id });
    if (!claim) throw new Error(`guarantee ${found.id} is ${found.status} without a claim`);
    const policy = (await this.policy.current(ctx)) as GuaranteePolicy;
    const recovery = recoveryAllocation(event.proceeds, claim.claim, claim.recovered, policy);
    const recoveredTotal = new Money(claim.recovered).plus(recovery.counted).toFixed(2);
    await ctx.rows(RecoveryEntity).insert({
      id: newId(),
      claimId: claim.id,
      dealId: event.dealId,
      proceeds: formatMoney(event.proceeds),
      counted: recovery.counted,
      surplus: recovery.surplus,
      shares: recovery.shares,
      createdAt: this.clock.now(),
    });
    await ctx.rows(ClaimEntity).update(claim.id, { recovered: recoveredTotal });
    await this.update(ctx, found, { status: statusAfterRecovery(claim.claim, recoveredTotal) });
    await ctx.emit(GuaranteeEvents.recovered, {
      guaranteeId: found.id,
      claimId: claim.id,
      recovered: recovery.counted,
      shares: recovery.shares,
      surplus: recovery.surplus,
      recoveredTotal,
      loanId: event.loanId,
      dealId: event.dealId,
      recoveredOn: event.soldOn,
    });
  }

  /**
   * The guarantee an event is about, locked, when the event applies to it now: the institution's
   * row first (the order approvals lock in), then the guarantee's. A loan without a guarantee, or
   * an event that does not apply in the guarantee's state, is logged and changes nothing.
   */
  private async guaranteeFor(
    ctx: EventContext,
    event: LoanEvent,
    guaranteeId: string | undefined,
    loanId: string,
  ): Promise<GuaranteeEntity | undefined> {
    if (!guaranteeId) return undefined;
    const seen = await ctx.rows(GuaranteeEntity).findById(guaranteeId);
    if (seen) await this.institutions.lock(ctx, seen.institutionId);
    const found = seen && (await ctx.rows(GuaranteeEntity).findByIdForUpdate(guaranteeId));
    const applies =
      found &&
      appliesTo(event, found.status) &&
      (event === 'disbursed' ? found.loanId === null : found.loanId === loanId);
    if (found && !applies && arrivedEarly(event, found.status, found.loanId, loanId))
      throw new Error(
        `loan ${loanId} ${event} reached guarantee ${guaranteeId} (${found.status}) before the event it follows; to be redelivered`,
      );
    if (!found || !applies) {
      ctx.log.warn(
        { event, guaranteeId, loanId, status: found?.status },
        'loan event does not apply to the guarantee; ignored',
      );
      return undefined;
    }
    return found;
  }

  /** The institution's outstanding liability follows this guarantee's (under the lock taken above). */
  private async moveLiability(
    ctx: EventContext,
    found: GuaranteeEntity,
    liability: string,
  ): Promise<void> {
    const institution = await this.institutions.lock(ctx, found.institutionId);
    const outstanding = new Money(institution.outstanding)
      .minus(found.outstandingLiability)
      .plus(liability);
    await this.institutions.setOutstanding(ctx, institution.id, outstanding.toFixed(2));
  }

  private async update(
    ctx: EventContext,
    found: GuaranteeEntity,
    changes: Partial<Pick<GuaranteeEntity, 'status' | 'loanId' | 'outstandingLiability'>>,
  ): Promise<void> {
    await ctx
      .rows(GuaranteeEntity)
      .update(found.id, Object.assign({}, changes, { updatedAt: this.clock.now() }));
  }
}
