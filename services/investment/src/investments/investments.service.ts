import { Injectable } from '@nestjs/common';
import { InvestmentErrors, InvestmentEvents, investment, type Instrument } from '@tf/contracts';
import {
  actorId,
  Clock,
  conflict,
  DomainError,
  formatMoney,
  invalidFields,
  messageOf,
  Money,
  newId,
  notFound,
  ownPartner,
  visibleTo,
  type FieldProblem,
  type HandlerContext,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { In } from 'typeorm';
import { assertDealAnalyst } from '../funds/access';
import { uncommittedCapacity } from '../funds/domain/capital';
import { FundEntity } from '../funds/fund.entity';
import { FundsService } from '../funds/funds.service';
import { DealEntity } from '../deals/deal.entity';
import { DealsService } from '../deals/deals.service';
import { closableFrom, isFinal } from '../deals/domain/pipeline';
import { holdingAt, OWNERSHIP_PLACES } from '../funds/domain/holding';
import { exitProblems, markProblems, roundProblems } from '../funds/domain/investment-inputs';
import { InvestmentEntity, InvestmentEntryEntity, LinkedLoanEntity } from './investment.entity';

/**
 * What the fund holds: a deal closes into an investment, which then takes follow-on rounds,
 * fair-value marks and exits, each a dated entry of its ledger. Money going in is checked
 * against the fund's uncommitted capacity under the fund's lock (fund first, then the deal or the
 * investment: one order, no deadlock).
 */
@Injectable()
export class InvestmentsService {
  constructor(
    private readonly funds: FundsService,
    private readonly deals: DealsService,
    private readonly clock: Clock,
  ) {}

  /** Closing: the committee passed the deal, and the fund has room for the amount. */
  async close(
    ctx: HandlerContext,
    request: investment.CloseDealRequest,
  ): Promise<investment.Investment> {
    assertDealAnalyst(ctx);
    const today = this.clock.today();
    const round = Object.assign({}, request, { on: request.closedOn });
    const problems = roundProblems(round, 'closedOn', today);
    if (problems.length > 0) throw invalidFields(problems, InvestmentErrors.INVALID_INVESTMENT);
    const policy = await this.deals.committeePolicy(ctx);
    return ctx.unitOfWork(async (tx) => {
      const seen = await this.deals.find(tx, request.id);
      const fund = await this.funds.lock(tx, seen.fundId);
      const deal = await this.deals.lock(tx, request.id);
      if (isFinal(deal.stage))
        throw conflict(InvestmentErrors.DEAL_CLOSED, `the deal is already ${deal.stage}`);
      const { passed } = await this.deals.tally(tx, deal.id, policy);
      if (!closableFrom(deal.stage) || !passed)
        throw new DomainError(
          InvestmentErrors.COMMITTEE_NOT_PASSED,
          `closing needs the investment committee to have passed the deal (it is in ${deal.stage})`,
        );
      assertCapacity(fund, request.amount);

      const now = this.clock.now();
      const stored = await tx.rows(InvestmentEntity).insert({
        id: newId(),
        fundId: fund.id,
        dealId: deal.id,
        enterpriseId: deal.enterpriseId,
        instrument: (request.instrument ?? 'equity') as Instrument,
        amount: formatMoney(request.amount),
        preMoneyValuation: formatMoney(request.preMoneyValuation),
        closedOn: request.closedOn,
        status: 'active',
        lastEntryOn: request.closedOn,
        createdAt: now,
      });
      const entry = await this.record(tx, stored, {
        kind: 'close',
        on: request.closedOn,
        amount: stored.amount,
        preMoney: stored.preMoneyValuation,
      });
      await tx.rows(FundEntity).update(fund.id, {
        committed: formatMoney(new Money(fund.committed).plus(request.amount)),
      });
      await tx.rows(DealEntity).update(deal.id, { stage: 'closed', updatedAt: now });
      await this.deals.recordMove(tx, deal, deal.stage, 'closed', null);
      const message = investmentMessage(stored, [entry], today);
      await tx.emit(InvestmentEvents.investmentClosed, {
        investmentId: stored.id,
        dealId: deal.id,
        fundId: fund.id,
        enterpriseId: deal.enterpriseId,
        instrument: stored.instrument,
        amount: stored.amount,
        preMoneyValuation: stored.preMoneyValuation,
        ownership: message.ownership,
        closedOn: stored.closedOn,
      });
      return message;
    });
  }

  async get(tx: TenantReads, id: string): Promise<investment.Investment> {
    const found = await this.find(tx, id);
    const entries = await this.entries(tx, [found.id]);
    const linked = await tx
      .rows(LinkedLoanEntity)
      .find({ investmentId: found.id }, { order: { approvedAt: 'ASC' } });
    return investmentMessage(found, entries, this.clock.today(), linked);
  }

  async list(
    tx: TenantReads,
    request: investment.ListInvestmentsRequest,
  ): Promise<investment.InvestmentList> {
    let fundIds: string[] | undefined;
    if (request.fundId) fundIds = [(await this.funds.find(tx, request.fundId, 'fundId')).id];
    else if (ownPartner(tx.actor))
      fundIds = (await tx.rows(FundEntity).find({ managerPartnerId: ownPartner(tx.actor) })).map(
        (f) => f.id,
      );
    const page = await tx
      .rows(InvestmentEntity)
      .page(
        Object.assign(
          {},
          fundIds && { fundId: In(fundIds) },
          request.enterpriseId && { enterpriseId: request.enterpriseId },
        ),
        request.page,
      );
    const entries = await this.entries(
      tx,
      page.items.map((i) => i.id),
    );
    const today = this.clock.today();
    return messageOf(investment.InvestmentListSchema, {
      items: page.items.map((i) =>
        investmentMessage(
          i,
          entries.filter((e) => e.investmentId === i.id),
          today,
        ),
      ),
      page: { nextCursor: page.nextCursor },
    });
  }

  /** A later round: more money in (within the fund's capacity), diluting and adding to the stake. */
  async followOn(
    ctx: HandlerContext,
    request: investment.FollowOnRequest,
  ): Promise<investment.Investment> {
    assertDealAnalyst(ctx);
    const today = this.clock.today();
    const problems = roundProblems(
      Object.assign({}, request, { on: request.investedOn }),
      'investedOn',
      today,
    );
    if (problems.length > 0) throw invalidFields(problems, InvestmentErrors.INVALID_INVESTMENT);
    return this.change(
      ctx,
      request.id,
      request.investedOn,
      'investedOn',
      async (tx, held, fund) => {
        assertCapacity(fund, request.amount);
        await tx.rows(FundEntity).update(fund.id, {
          committed: formatMoney(new Money(fund.committed).plus(request.amount)),
        });
        return this.record(tx, held, {
          kind: 'follow_on',
          on: request.investedOn,
          amount: formatMoney(request.amount),
          preMoney: formatMoney(request.preMoneyValuation),
        });
      },
    );
  }

  /** A fair-value mark: the holding's value from that day (0 writes it off). */
  async mark(
    ctx: HandlerContext,
    request: investment.MarkInvestmentRequest,
  ): Promise<investment.Investment> {
    assertDealAnalyst(ctx);
    const problems = markProblems(request, this.clock.today());
    if (problems.length > 0) throw invalidFields(problems, InvestmentErrors.INVALID_INVESTMENT);
    return this.change(ctx, request.id, request.markedOn, 'markedOn', async (tx, held) => {
      const entry = await this.record(tx, held, {
        kind: 'mark',
        on: request.markedOn,
        fairValue: formatMoney(request.fairValue),
      });
      await tx.emit(InvestmentEvents.investmentMarked, {
        investmentId: held.id,
        fundId: held.fundId,
        enterpriseId: held.enterpriseId,
        fairValue: entry.fairValue!,
        markedOn: entry.on,
      });
      return entry;
    });
  }

  /** Selling a share of the holding, or all of it; the proceeds are the fund's cash. */
  async exit(
    ctx: HandlerContext,
    request: investment.ExitInvestmentRequest,
  ): Promise<investment.Investment> {
    assertDealAnalyst(ctx);
    const problems = exitProblems(request, this.clock.today());
    if (problems.length > 0) throw invalidFields(problems, InvestmentErrors.INVALID_INVESTMENT);
    return this.change(ctx, request.id, request.exitedOn, 'exitedOn', async (tx, held, fund) => {
      const full = new Money(request.fraction).equals(1);
      const entry = await this.record(tx, held, {
        kind: 'exit',
        on: request.exitedOn,
        fraction: new Money(request.fraction).toString(),
        proceeds: formatMoney(request.proceeds),
      });
      await tx.rows(FundEntity).update(fund.id, {
        proceeds: formatMoney(new Money(fund.proceeds).plus(request.proceeds)),
      });
      if (full) await tx.rows(InvestmentEntity).update(held.id, { status: 'exited' });
      await tx.emit(InvestmentEvents.investmentExited, {
        investmentId: held.id,
        fundId: held.fundId,
        enterpriseId: held.enterpriseId,
        fraction: entry.fraction!,
        proceeds: entry.proceeds!,
        exitedOn: entry.on,
        full,
      });
      return entry;
    });
  }

  /**
   * One change to a holding, under the fund's lock and then the investment's: an exited holding
   * takes none, and the ledger is written forward only (never before its latest entry).
   */
  private async change(
    ctx: HandlerContext,
    id: string,
    on: string,
    dateField: string,
    write: (
      tx: TenantWrites,
      held: InvestmentEntity,
      fund: FundEntity,
    ) => Promise<InvestmentEntryEntity>,
  ): Promise<investment.Investment> {
    return ctx.unitOfWork(async (tx) => {
      const seen = await this.find(tx, id);
      const fund = await this.funds.lock(tx, seen.fundId);
      const held = (await tx.rows(InvestmentEntity).findByIdForUpdate(id))!;
      if (held.status === 'exited')
        throw conflict(InvestmentErrors.INVESTMENT_EXITED, 'the fund has sold all of this holding');
      if (on < held.lastEntryOn)
        throw new DomainError(
          InvestmentErrors.DATED_BEFORE_LAST_ENTRY,
          `the holding's ledger runs to ${held.lastEntryOn}; a new entry cannot be dated before it`,
          { fields: [{ field: dateField, message: `must be on or after ${held.lastEntryOn}` }] },
        );
      await write(tx, held, fund);
      await tx.rows(InvestmentEntity).update(held.id, { lastEntryOn: on });
      const after = (await tx.rows(InvestmentEntity).findById(id))!;
      return investmentMessage(after, await this.entries(tx, [id]), this.clock.today());
    });
  }

  private record(
    tx: TenantWrites,
    held: InvestmentEntity,
    entry: Pick<InvestmentEntryEntity, 'kind' | 'on'> & Partial<InvestmentEntryEntity>,
  ): Promise<InvestmentEntryEntity> {
    return tx.rows(InvestmentEntryEntity).insert({
      amount: null,
      preMoney: null,
      fairValue: null,
      fraction: null,
      proceeds: null,
      ...entry,
      id: newId(),
      investmentId: held.id,
      fundId: held.fundId,
      recordedBy: actorId(tx.actor),
      createdAt: this.clock.now(),
    });
  }

  /** An investment the caller may see: one of a fund it may see. */
  private async find(tx: TenantReads, id: string): Promise<InvestmentEntity> {
    const found = await tx.rows(InvestmentEntity).findById(id);
    const fund = found && (await tx.rows(FundEntity).findById(found.fundId));
    if (!found || !fund || !visibleTo(tx.actor, fund.managerPartnerId))
      throw notFound(InvestmentErrors.INVESTMENT_NOT_FOUND, `investment ${id}`);
    return found;
  }

  private entries(tx: TenantReads, ids: string[]): Promise<InvestmentEntryEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return tx
      .rows(InvestmentEntryEntity)
      .find({ investmentId: In(ids) }, { order: { on: 'ASC', id: 'ASC' } });
  }
}

function assertCapacity(fund: FundEntity, amount: string): void {
  const capacity = uncommittedCapacity(fund.size, fund.committed);
  if (new Money(amount).greaterThan(capacity)) {
    const fields: FieldProblem[] = [
      {
        field: 'amount',
        message: `must be at most the fund's uncommitted ${formatMoney(capacity)}`,
      },
    ];
    throw new DomainError(
      InvestmentErrors.FUND_CAPACITY_SHORT,
      `the fund has ${formatMoney(capacity)} left to commit of its ${fund.size}`,
      { fields },
    );
  }
}

export function investmentMessage(
  held: InvestmentEntity,
  entries: InvestmentEntryEntity[],
  today: string,
  linkedLoans: LinkedLoanEntity[] = [],
): investment.Investment {
  const holding = holdingAt(entries, today);
  return messageOf(
    investment.InvestmentSchema,
    Object.assign({}, held, {
      tenant: held.tenantId,
      ownership: holding.ownership.toFixed(OWNERSHIP_PLACES, Money.ROUND_HALF_UP),
      invested: formatMoney(holding.invested),
      cost: formatMoney(holding.cost),
      fairValue: formatMoney(holding.value),
      proceeds: formatMoney(holding.proceeds),
      entries: entries.map((e) =>
        Object.assign({}, e, {
          amount: e.amount ?? undefined,
          preMoney: e.preMoney ?? undefined,
          fairValue: e.fairValue ?? undefined,
          fraction: e.fraction === null ? undefined : new Money(e.fraction).toString(),
          proceeds: e.proceeds ?? undefined,
        }),
      ),
      linkedLoans: linkedLoans.map((l) =>
        Object.assign({}, l, { warrantCoverage: new Money(l.warrantCoverage).toString() }),
      ),
    }),
  );
}
