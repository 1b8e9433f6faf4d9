import { Injectable } from '@nestjs/common';
import {
  CreditErrors,
  CreditEvents,
  LOAN_CLASSIFICATIONS,
  LOAN_STATUSES,
  NON_PERFORMING,
  credit,
  type LoanClassification,
  type LoanStatus,
} from '@tf/contracts';
import {
  Clock,
  isIsoDate,
  conflict,
  formatMoney,
  invalidFields,
  isUuid,
  messageOf,
  Money,
  newId,
  notFound,
  ownPartner,
  PolicyStore,
  visibleTo,
  type HandlerContext,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { penaltyInterest } from './domain/delinquency';
import { productOf } from './domain/policy';
import { payable } from './domain/repayment';
import { buildSchedule, contractRate } from './domain/schedule';
import { penaltyRateOf } from './domain/delinquency';
import type { CreditPolicy } from './domain/types';
import { InstallmentEntity, LoanCollateralEntity, LoanEntity } from './loan.entity';
import { installmentStatus, loanMessage, positionOf, rate } from './loan-message';
import { In, type FindOptionsWhere } from 'typeorm';

interface BookGroup {
  classification: LoanClassification;
  status: LoanStatus;
  loans: number;
  principal: string;
  outstanding: string;
  repaid: string;
  recovered: string;
  written_off: string;
}

/** Loans: a bank sees the loans it lends, the center's staff all of the center's. */
@Injectable()
export class LoansService {
  constructor(
    private readonly policy: PolicyStore<typeof credit.CreditPolicySchema>,
    private readonly clock: Clock,
  ) {}

  async get(tx: TenantReads, id: string): Promise<credit.Loan> {
    const loan = await this.find(tx, id);
    if (loan.status !== 'active' && loan.status !== 'defaulted') return loanMessage(loan);
    return loanMessage(loan, { payoffAmount: await this.payoff(tx, loan, this.clock.today()) });
  }

  async list(tx: TenantReads, request: credit.ListLoansRequest): Promise<credit.LoanList> {
    const problems = [];
    if (
      request.status !== undefined &&
      !(LOAN_STATUSES as readonly string[]).includes(request.status)
    )
      problems.push({ field: 'status', message: `must be one of ${LOAN_STATUSES.join(', ')}` });
    if (
      request.classification !== undefined &&
      !(LOAN_CLASSIFICATIONS as readonly string[]).includes(request.classification)
    )
      problems.push({
        field: 'classification',
        message: `must be one of ${LOAN_CLASSIFICATIONS.join(', ')}`,
      });
    if (request.enterpriseId !== undefined && !isUuid(request.enterpriseId))
      problems.push({ field: 'enterpriseId', message: 'must be a UUID' });
    if (problems.length > 0) throw invalidFields(problems, CreditErrors.INVALID_LOAN);
    const lender = ownPartner(tx.actor);
    const where: FindOptionsWhere<LoanEntity> = {};
    if (lender) where.lenderPartnerId = lender;
    if (request.enterpriseId) where.enterpriseId = request.enterpriseId;
    if (request.status) where.status = request.status as LoanStatus;
    if (request.classification) where.classification = request.classification as LoanClassification;
    const page = await tx.rows(LoanEntity).page(where, request.page);
    return messageOf(credit.LoanListSchema, {
      items: page.items.map((loan) => loanMessage(loan)),
      page: { nextCursor: page.nextCursor },
    });
  }

  async schedule(tx: TenantReads, id: string): Promise<credit.Schedule> {
    const loan = await this.find(tx, id);
    const today = this.clock.today();
    const installments = await this.installments(tx, loan.id);
    return messageOf(credit.ScheduleSchema, {
      loanId: loan.id,
      repaymentMethod: loan.repaymentMethod,
      annualRate: rate(loan.annualRate),
      installments: installments.map((i) => {
        const position = positionOf(i);
        return Object.assign({}, position, {
          total: formatMoney(new Money(position.principal).plus(position.interest)),
          status: installmentStatus(position, today),
        });
      }),
    });
  }

  /**
   * Disbursement (the lending bank, or the center's staff): the rate is fixed from today's LPR
   * and the product's spread, and the schedule is written; the loan is active from that day.
   */
  async disburse(ctx: HandlerContext, request: credit.DisburseLoanRequest): Promise<credit.Loan> {
    const today = this.clock.today();
    if (!isIsoDate(request.disbursedOn))
      throw invalidFields([{ field: 'disbursedOn', message: 'must be a date YYYY-MM-DD' }]);
    if (request.disbursedOn > today)
      throw invalidFields([{ field: 'disbursedOn', message: 'must not be in the future' }]);
    const policy = (await this.policy.of(ctx)) as unknown as CreditPolicy;
    return ctx.unitOfWork(async (tx) => {
      const loan = await this.findForUpdate(tx, request.id);
      if (loan.status !== 'approved')
        throw conflict(CreditErrors.LOAN_NOT_APPROVED, `a ${loan.status} loan cannot be disbursed`);
      if (request.disbursedOn < loan.approvedOn)
        throw invalidFields([
          {
            field: 'disbursedOn',
            message: `must not be before the loan was approved (${loan.approvedOn})`,
          },
        ]);
      const product = productOf(policy, loan.productCode);
      if (!product) throw new Error(`the center's policy has no ${loan.productCode} product`);
      const annualRate = contractRate(policy.loanPrimeRate, product.spread);
      const schedule = buildSchedule({
        principal: loan.principal,
        annualRate,
        termMonths: loan.termMonths,
        method: loan.repaymentMethod,
        disbursedOn: request.disbursedOn,
      });
      await tx.rows(InstallmentEntity).insertMany(
        schedule.map((line) =>
          Object.assign({}, line, {
            id: newId(),
            loanId: loan.id,
            principalPaid: '0.00',
            interestPaid: '0.00',
          }),
        ),
      );
      const changes = {
        status: 'active' as const,
        annualRate,
        penaltyRate: penaltyRateOf(annualRate, policy.penaltyRateMultiplier),
        disbursedOn: request.disbursedOn,
        maturityOn: schedule[schedule.length - 1]?.dueOn ?? request.disbursedOn,
        outstandingPrincipal: formatMoney(loan.principal),
        penaltyAccruedThrough: request.disbursedOn,
        updatedAt: this.clock.now(),
      };
      await tx.rows(LoanEntity).update(loan.id, changes);
      await tx.emit(CreditEvents.loanDisbursed, {
        loanId: loan.id,
        enterpriseId: loan.enterpriseId,
        guaranteeId: loan.guaranteeId ?? undefined,
        principal: formatMoney(loan.principal),
        disbursedOn: request.disbursedOn,
        annualRate,
        maturityOn: changes.maturityOn,
      });
      return loanMessage(Object.assign({}, loan, changes));
    });
  }

  /**
   * Which of these assets back a live loan (collateral falls from live when its loan closes):
   * the trading service asks before a patent is listed for sale. Told to any caller of the center,
   * so it names no loan.
   */
  async pledgedAssets(
    tx: TenantReads,
    request: credit.PledgedAssetsRequest,
  ): Promise<credit.PledgedAssetsResponse> {
    const identities = [...new Set(request.identities)].slice(0, 100);
    const pledged =
      identities.length === 0
        ? []
        : await tx.rows(LoanCollateralEntity).find({ identity: In(identities), live: true });
    return messageOf(credit.PledgedAssetsResponseSchema, {
      pledgedIdentities: [...new Set(pledged.map((c) => c.identity))].sort(),
    });
  }

  /**
   * The book: a bank's own loans, or the center's for staff, summed by PostgreSQL (row-level
   * security keeps it to the center). NPL = substandard and worse, over live outstanding.
   */
  async portfolio(tx: TenantReads): Promise<credit.Portfolio> {
    const lender = ownPartner(tx.actor);
    const groups = await tx.sql<BookGroup>(
      `SELECT classification, status, count(*)::int AS loans, sum(principal)::text AS principal,
         sum(outstanding_principal)::text AS outstanding, sum(principal_repaid)::text AS repaid,
         sum(principal_recovered)::text AS recovered, sum(principal_written_off)::text AS written_off
       FROM credit.loans WHERE status <> 'approved' AND ($1::uuid IS NULL OR lender_partner_id = $1)
       GROUP BY classification, status`,
      [lender ?? null],
    );
    const sum = (rows: BookGroup[], pick: (g: BookGroup) => string) =>
      rows.reduce((total, g) => total.plus(pick(g)), new Money(0));
    const live = groups.filter((g) => g.status !== 'closed');
    const outstanding = sum(groups, (g) => g.outstanding);
    const npl = sum(
      live.filter((g) => (NON_PERFORMING as readonly string[]).includes(g.classification)),
      (g) => g.outstanding,
    );
    return messageOf(credit.PortfolioSchema, {
      loans: groups.reduce((n, g) => n + g.loans, 0),
      disbursed: formatMoney(sum(groups, (g) => g.principal)),
      outstanding: formatMoney(outstanding),
      classes: LOAN_CLASSIFICATIONS.map((classification) => {
        const of = live.filter((g) => g.classification === classification);
        return {
          classification,
          loans: of.reduce((n, g) => n + g.loans, 0),
          outstanding: formatMoney(sum(of, (g) => g.outstanding)),
        };
      }),
      nonPerforming: formatMoney(npl),
      nplRatio: outstanding.isZero()
        ? '0'
        : npl.dividedBy(outstanding).toDecimalPlaces(4).toString(),
      principalRepaid: formatMoney(sum(groups, (g) => g.repaid)),
      principalRecovered: formatMoney(sum(groups, (g) => g.recovered)),
      principalWrittenOff: formatMoney(sum(groups, (g) => g.written_off)),
    });
  }

  /** A loan the caller may see (a rival bank's, or another center's, is not found). */
  async find(tx: TenantReads, id: string): Promise<LoanEntity> {
    const found = await tx.rows(LoanEntity).findById(id);
    if (!found || !visibleTo(tx.actor, found.lenderPartnerId))
      throw notFound(CreditErrors.LOAN_NOT_FOUND, `loan ${id}`);
    return found;
  }

  /** The same, locked for the rest of the transaction: a loan's money moves one change at a time. */
  async findForUpdate(tx: TenantWrites, id: string): Promise<LoanEntity> {
    const found = await tx.rows(LoanEntity).findByIdForUpdate(id);
    if (!found || !visibleTo(tx.actor, found.lenderPartnerId))
      throw notFound(CreditErrors.LOAN_NOT_FOUND, `loan ${id}`);
    return found;
  }

  async installments(tx: TenantReads, loanId: string): Promise<InstallmentEntity[]> {
    return tx.rows(InstallmentEntity).find({ loanId }, { order: { number: 'ASC' } });
  }

  /** What paying everything off on a day would take (penalty to that day included). */
  private async payoff(tx: TenantReads, loan: LoanEntity, day: string): Promise<string> {
    const installments = (await this.installments(tx, loan.id)).map(positionOf);
    const since = loan.penaltyAccruedThrough ?? loan.disbursedOn ?? day;
    const penaltyDue = new Money(loan.penaltyAccrued)
      .minus(loan.penaltyPaid)
      .plus(
        since < day && loan.penaltyRate
          ? penaltyInterest(installments, loan.penaltyRate, since, day)
          : 0,
      );
    return payable(
      {
        outstandingPrincipal: loan.outstandingPrincipal,
        penaltyDue: formatMoney(penaltyDue),
        startedOn: loan.disbursedOn ?? day,
        installments,
      },
      day,
    );
  }
}
