import { Injectable } from '@nestjs/common';
import { CreditErrors, CreditEvents, credit } from '@tf/contracts';
import {
  actorId,
  isIsoDate,
  Clock,
  conflict,
  DomainError,
  formatMoney,
  invalidFields,
  isMoneyString,
  messageOf,
  Money,
  newId,
  PolicyStore,
  type HandlerContext,
  type TenantWrites,
} from '@tf/platform';
import { classifyLoan, daysPastDue, penaltyInterest } from '../loans/domain/delinquency';
import { allocateRepayment } from '../loans/domain/repayment';
import type { CreditPolicy, InstallmentPosition } from '../loans/domain/types';
import { InstallmentEntity, LoanCollateralEntity, LoanEntity } from '../loans/loan.entity';
import { positionOf } from '../loans/loan-message';
import { LoansService } from '../loans/loans.service';
import { RepaymentEntity } from './repayment.entity';

/**
 * A repayment the bank received: penalty interest is charged up to the day paid, the amount is
 * allocated by DOMAIN.md's order (domain/repayment.ts), the schedule re-amortised after a
 * prepayment, and the loan closed when nothing is owed. One loan's repayments queue on its row.
 */
@Injectable()
export class RepaymentsService {
  constructor(
    private readonly loans: LoansService,
    private readonly policy: PolicyStore<typeof credit.CreditPolicySchema>,
    private readonly clock: Clock,
  ) {}

  async repay(ctx: HandlerContext, request: credit.RepayLoanRequest): Promise<credit.Repayment> {
    const problems = [];
    if (!isMoneyString(request.amount) || new Money(request.amount).isZero())
      problems.push({
        field: 'amount',
        message: 'must be an amount above 0 with at most 2 places',
      });
    if (!isIsoDate(request.paidOn))
      problems.push({ field: 'paidOn', message: 'must be a date YYYY-MM-DD' });
    else if (request.paidOn > this.clock.today())
      problems.push({ field: 'paidOn', message: 'must not be in the future' });
    if (problems.length > 0) throw invalidFields(problems, CreditErrors.INVALID_LOAN);
    const policy = (await this.policy.of(ctx)) as unknown as CreditPolicy;

    return ctx.unitOfWork(async (tx) => {
      const loan = await this.loans.findForUpdate(tx, request.id);
      if (loan.status !== 'active' && loan.status !== 'defaulted')
        throw conflict(CreditErrors.LOAN_NOT_ACTIVE, `a ${loan.status} loan takes no repayment`);
      const disbursedOn = loan.disbursedOn ?? '';
      if (request.paidOn < disbursedOn)
        throw new DomainError(
          CreditErrors.REPAYMENT_BEFORE_DISBURSEMENT,
          `the loan was disbursed on ${disbursedOn}; a repayment cannot come before`,
          { fields: [{ field: 'paidOn', message: `must be on or after ${disbursedOn}` }] },
        );
      const bookedThrough = loan.penaltyAccruedThrough ?? disbursedOn;
      if (request.paidOn < bookedThrough)
        throw conflict(
          CreditErrors.REPAYMENT_BACKDATED,
          `the loan is booked through ${bookedThrough} (a later repayment or classification run); a repayment cannot be dated before it`,
          'paidOn',
        );

      const rows = await this.loans.installments(tx, loan.id);
      const installments = rows.map(positionOf);
      const charged = penaltyInterest(
        installments,
        loan.penaltyRate ?? '0',
        bookedThrough,
        request.paidOn,
      );
      const penaltyAccrued = new Money(loan.penaltyAccrued).plus(charged);
      const outcome = allocateRepayment(
        {
          outstandingPrincipal: loan.outstandingPrincipal,
          penaltyDue: formatMoney(penaltyAccrued.minus(loan.penaltyPaid)),
          startedOn: disbursedOn,
          installments,
        },
        request.amount,
        request.paidOn,
        { annualRate: loan.annualRate ?? '0', method: loan.repaymentMethod },
      );
      if (outcome.kind === 'overpayment')
        throw new DomainError(
          CreditErrors.OVERPAYMENT,
          `at most ${outcome.payable} can be repaid on ${request.paidOn} (penalty, interest due and all principal)`,
          { fields: [{ field: 'amount', message: `must be at most ${outcome.payable}` }] },
        );

      await this.writeSchedule(tx, loan.id, rows, outcome.installments);
      const { allocation } = outcome;
      const now = this.clock.now();
      const cleared = outcome.cleared;
      const days = daysPastDue(outcome.installments, request.paidOn);
      const { classification } = classifyLoan(days, policy, loan.status === 'defaulted');
      const changes = {
        outstandingPrincipal: outcome.outstandingPrincipal,
        principalRepaid: formatMoney(new Money(loan.principalRepaid).plus(outcome.principalPaid)),
        interestPaid: formatMoney(new Money(loan.interestPaid).plus(outcome.interestPaid)),
        penaltyAccrued: formatMoney(penaltyAccrued),
        penaltyPaid: formatMoney(new Money(loan.penaltyPaid).plus(allocation.penalty)),
        penaltyAccruedThrough: request.paidOn,
        daysPastDue: cleared ? 0 : days,
        classification: cleared ? ('normal' as const) : classification,
        ...(cleared ? { status: 'closed' as const, closedOn: request.paidOn } : {}),
        updatedAt: now,
      };
      await tx.rows(LoanEntity).update(loan.id, changes);
      const repayment = await tx.rows(RepaymentEntity).insert({
        id: newId(),
        loanId: loan.id,
        amount: formatMoney(request.amount),
        paidOn: request.paidOn,
        ...allocation,
        outstandingPrincipal: outcome.outstandingPrincipal,
        reamortised: outcome.reamortised,
        recordedBy: actorId(tx.actor),
        createdAt: now,
      });
      await tx.emit(CreditEvents.loanRepaid, {
        loanId: loan.id,
        guaranteeId: loan.guaranteeId ?? undefined,
        principalRepaid: outcome.principalPaid,
        outstandingPrincipal: outcome.outstandingPrincipal,
        paidOn: request.paidOn,
        interestPaid: outcome.interestPaid,
        penaltyPaid: allocation.penalty,
      });
      if (cleared) {
        await tx
          .rows(LoanCollateralEntity)
          .updateWhere({ loanId: loan.id, live: true }, { live: false });
        await tx.emit(CreditEvents.loanClosed, {
          loanId: loan.id,
          guaranteeId: loan.guaranteeId ?? undefined,
          closedOn: request.paidOn,
        });
      }
      return repaymentMessage(
        repayment,
        cleared ? 'closed' : loan.status,
        outcome.interestPaid,
        outcome.principalPaid,
      );
    });
  }

  /** Writes back what changed: paid amounts, re-amortised lines, and lines a payoff removed. */
  private async writeSchedule(
    tx: TenantWrites,
    loanId: string,
    before: InstallmentEntity[],
    after: InstallmentPosition[],
  ): Promise<void> {
    const next = new Map(after.map((i) => [i.number, i]));
    for (const row of before) {
      const line = next.get(row.number);
      if (!line) {
        await tx
          .rows(InstallmentEntity)
          .updateWhere(
            { id: row.id },
            { principal: '0.00', interest: '0.00', principalPaid: '0.00', interestPaid: '0.00' },
          );
        continue;
      }
      const old = positionOf(row);
      if (
        old.principal === line.principal &&
        old.interest === line.interest &&
        old.principalPaid === line.principalPaid &&
        old.interestPaid === line.interestPaid
      )
        continue;
      await tx.rows(InstallmentEntity).updateWhere(
        { id: row.id, loanId },
        {
          principal: line.principal,
          interest: line.interest,
          principalPaid: line.principalPaid,
          interestPaid: line.interestPaid,
        },
      );
    }
  }
}

export function repaymentMessage(
  r: RepaymentEntity,
  loanStatus: string,
  interest: string,
  principal: string,
): credit.Repayment {
  return messageOf(
    credit.RepaymentSchema,
    Object.assign({}, r, {
      amount: formatMoney(r.amount),
      penalty: formatMoney(r.penalty),
      interest: formatMoney(interest),
      principal: formatMoney(principal),
      overdueInterest: formatMoney(r.overdueInterest),
      overduePrincipal: formatMoney(r.overduePrincipal),
      currentInterest: formatMoney(r.currentInterest),
      currentPrincipal: formatMoney(r.currentPrincipal),
      prepaidPrincipal: formatMoney(r.prepaidPrincipal),
      outstandingPrincipal: formatMoney(r.outstandingPrincipal),
      loanStatus,
    }),
  );
}
