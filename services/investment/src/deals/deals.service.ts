import { Injectable } from '@nestjs/common';
import {
  DEAL_STAGES,
  InvestmentErrors,
  InvestmentEvents,
  VOTES,
  investment,
  type DealStage,
  type Vote,
} from '@tf/contracts';
import {
  actorId,
  allInOrder,
  Clock,
  conflict,
  DomainError,
  invalidFields,
  isUniqueViolation,
  messageOf,
  newId,
  notFound,
  PolicyStore,
  ownPartner,
  TenancyClient,
  textFieldProblems,
  visibleTo,
  type FieldProblem,
  type HandlerContext,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { In } from 'typeorm';
import { assertDealAnalyst } from '../funds/access';
import type { InvestmentPolicy } from '../funds/domain/policy';
import { FundEntity } from '../funds/fund.entity';
import { FundsService } from '../funds/funds.service';
import { InvestmentEntity } from '../investments/investment.entity';
import { tally, type Tally } from './domain/committee';
import { stageMoveRefusal, type StageMoveRefusal } from './domain/pipeline';
import { CommitteeVoteEntity, DealEntity, StageMoveEntity } from './deal.entity';

/**
 * The fund's deal pipeline: a deal per fund and company at a time, moved forward by analysts
 * (each move recorded with who and when), voted on by the fund's committee.
 */
@Injectable()
export class DealsService {
  constructor(
    private readonly funds: FundsService,
    private readonly tenancy: TenancyClient,
    private readonly policy: PolicyStore<typeof investment.InvestmentPolicySchema>,
    private readonly clock: Clock,
  ) {}

  async create(
    ctx: HandlerContext,
    request: investment.CreateDealRequest,
  ): Promise<investment.Deal> {
    assertDealAnalyst(ctx);
    const [enterprise, policy] = await allInOrder([
      this.tenancy.enterprise(ctx, request.enterpriseId),
      this.committeePolicy(ctx),
    ]);
    return ctx.unitOfWork(async (tx) => {
      const fund = await this.funds.find(tx, request.fundId, 'fundId');
      const now = this.clock.now();
      try {
        const deal = await tx.rows(DealEntity).insert({
          id: newId(),
          fundId: fund.id,
          enterpriseId: enterprise.id,
          stage: 'sourcing',
          createdBy: actorId(tx.actor),
          createdAt: now,
          updatedAt: now,
        });
        const move = await this.recordMove(tx, deal, null, 'sourcing', null);
        return dealMessage(deal, { moves: [move], votes: [] }, policy);
      } catch (error) {
        if (isUniqueViolation(error, 'deals_open'))
          throw conflict(
            InvestmentErrors.DEAL_ALREADY_EXISTS,
            'the fund already has an open deal with this enterprise',
            'enterpriseId',
          );
        throw error;
      }
    });
  }

  async get(ctx: HandlerContext, id: string): Promise<investment.Deal> {
    const policy = await this.committeePolicy(ctx);
    return ctx.read(async (tx) => {
      const deal = await this.find(tx, id);
      const [history] = await this.histories(tx, [deal]);
      return dealMessage(deal, history!, policy);
    });
  }

  async list(
    ctx: HandlerContext,
    request: investment.ListDealsRequest,
  ): Promise<investment.DealList> {
    if (request.stage !== undefined && !(DEAL_STAGES as readonly string[]).includes(request.stage))
      throw invalidFields(
        [{ field: 'stage', message: `must be one of ${DEAL_STAGES.join(', ')}` }],
        InvestmentErrors.INVALID_INVESTMENT,
      );
    const policy = await this.committeePolicy(ctx);
    return ctx.read(async (tx) => {
      // A fund manager's key lists the deals of its own funds only.
      const fundIds = request.fundId
        ? [(await this.funds.find(tx, request.fundId, 'fundId')).id]
        : await this.visibleFundIds(tx);
      const page = await tx
        .rows(DealEntity)
        .page(
          Object.assign(
            {},
            fundIds && { fundId: In(fundIds) },
            request.stage && { stage: request.stage as DealStage },
          ),
          request.page,
        );
      const histories = await this.histories(tx, page.items);
      return messageOf(investment.DealListSchema, {
        items: page.items.map((deal, k) => dealMessage(deal, histories[k]!, policy)),
        page: { nextCursor: page.nextCursor },
      });
    });
  }

  /** An analyst moves a deal forward, or rejects it; the committee's vote guards the term sheet. */
  async move(ctx: HandlerContext, request: investment.MoveDealRequest): Promise<investment.Deal> {
    assertDealAnalyst(ctx);
    const to = request.stage as DealStage;
    const problems: FieldProblem[] = [];
    if (!(DEAL_STAGES as readonly string[]).includes(request.stage))
      problems.push({ field: 'stage', message: `must be one of ${DEAL_STAGES.join(', ')}` });
    problems.push(...textFieldProblems('reason', request.reason, { max: 1000, multiline: true }));
    if (problems.length > 0) throw invalidFields(problems, InvestmentErrors.INVALID_INVESTMENT);
    const policy = await this.committeePolicy(ctx);
    return ctx.unitOfWork(async (tx) => {
      const deal = await this.lock(tx, request.id);
      const { passed } = await this.tally(tx, deal.id, policy);
      const refusal = stageMoveRefusal(deal.stage, to, passed);
      if (refusal) throw stageError(refusal);
      const from = deal.stage;
      const moved = Object.assign({}, deal, { stage: to, updatedAt: this.clock.now() });
      await tx.rows(DealEntity).update(deal.id, { stage: to, updatedAt: moved.updatedAt });
      await this.recordMove(tx, deal, from, to, request.reason?.trim() || null);
      const [history] = await this.histories(tx, [moved]);
      return dealMessage(moved, history!, policy);
    });
  }

  /**
   * A committee member votes once, while the deal is before the committee. The deal's row is
   * locked, so a vote and a move of the same deal never cross.
   */
  async vote(ctx: HandlerContext, request: investment.VoteOnDealRequest): Promise<investment.Deal> {
    if (!(VOTES as readonly string[]).includes(request.vote))
      throw invalidFields(
        [{ field: 'vote', message: `must be one of ${VOTES.join(', ')}` }],
        InvestmentErrors.INVALID_INVESTMENT,
      );
    const commentProblems = textFieldProblems('comment', request.comment, {
      max: 2000,
      multiline: true,
    });
    if (commentProblems.length > 0)
      throw invalidFields(commentProblems, InvestmentErrors.INVALID_INVESTMENT);
    const policy = await this.committeePolicy(ctx);
    return ctx.unitOfWork(async (tx) => {
      const deal = await this.lock(tx, request.id);
      const fund = await this.funds.find(tx, deal.fundId);
      const voter = tx.actor?.kind === 'user' ? tx.actor.id : undefined;
      if (!voter || !fund.committee.includes(voter))
        throw new DomainError(
          InvestmentErrors.NOT_ON_COMMITTEE,
          "only the members of the fund's investment committee vote on its deals",
        );
      if (deal.stage !== 'committee')
        throw conflict(
          InvestmentErrors.VOTE_OUTSIDE_COMMITTEE,
          `votes are cast while the deal is before the committee; it is in ${deal.stage}`,
        );
      try {
        await tx.rows(CommitteeVoteEntity).insert({
          id: newId(),
          dealId: deal.id,
          voter,
          vote: request.vote as Vote,
          comment: request.comment?.trim() || null,
          votedAt: this.clock.now(),
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict(InvestmentErrors.ALREADY_VOTED, 'you have already voted on this deal');
        throw error;
      }
      const [history] = await this.histories(tx, [deal]);
      return dealMessage(deal, history!, policy);
    });
  }

  /** A deal the caller may see: one of a fund it may see. */
  async find(tx: TenantReads, id: string): Promise<DealEntity> {
    const deal = await tx.rows(DealEntity).findById(id);
    const fund = deal && (await tx.rows(FundEntity).findById(deal.fundId));
    if (!deal || !fund || !visibleTo(tx.actor, fund.managerPartnerId))
      throw notFound(InvestmentErrors.DEAL_NOT_FOUND, `deal ${id}`);
    return deal;
  }

  async lock(tx: TenantWrites, id: string): Promise<DealEntity> {
    await this.find(tx, id);
    const locked = await tx.rows(DealEntity).findByIdForUpdate(id);
    if (!locked) throw notFound(InvestmentErrors.DEAL_NOT_FOUND, `deal ${id}`);
    return locked;
  }

  /** The committee's tally of a deal, under the center's quorum and majority. */
  async tally(tx: TenantReads, dealId: string, policy: InvestmentPolicy): Promise<Tally> {
    const votes = await tx.rows(CommitteeVoteEntity).find({ dealId });
    return tally(
      votes.map((v) => v.vote),
      policy,
    );
  }

  async committeePolicy(ctx: HandlerContext): Promise<InvestmentPolicy> {
    return (await this.policy.of(ctx)) as InvestmentPolicy;
  }

  /** Records a move and announces it; closing records its own through here too. */
  async recordMove(
    tx: TenantWrites,
    deal: DealEntity,
    from: DealStage | null,
    to: DealStage,
    reason: string | null,
  ): Promise<StageMoveEntity> {
    const move = await tx.rows(StageMoveEntity).insert({
      id: newId(),
      dealId: deal.id,
      fromStage: from,
      toStage: to,
      reason,
      movedBy: actorId(tx.actor),
      movedAt: this.clock.now(),
    });
    await tx.emit(InvestmentEvents.dealStageChanged, {
      dealId: deal.id,
      fundId: deal.fundId,
      enterpriseId: deal.enterpriseId,
      from: from ?? undefined,
      to,
    });
    return move;
  }

  async histories(tx: TenantReads, deals: DealEntity[]): Promise<DealHistory[]> {
    const ids = deals.map((d) => d.id);
    if (ids.length === 0) return [];
    // One transaction's connection runs one statement at a time: these go in turn.
    const moves = await tx
      .rows(StageMoveEntity)
      .find({ dealId: In(ids) }, { order: { movedAt: 'ASC', id: 'ASC' } });
    const votes = await tx
      .rows(CommitteeVoteEntity)
      .find({ dealId: In(ids) }, { order: { votedAt: 'ASC', id: 'ASC' } });
    const closed = deals.filter((d) => d.stage === 'closed').map((d) => d.id);
    const investments =
      closed.length > 0 ? await tx.rows(InvestmentEntity).find({ dealId: In(closed) }) : [];
    return deals.map((deal) => ({
      moves: moves.filter((m) => m.dealId === deal.id),
      votes: votes.filter((v) => v.dealId === deal.id),
      investmentId: investments.find((i) => i.dealId === deal.id)?.id,
    }));
  }

  /** The funds a fund manager's key may see; undefined for staff (all of them). */
  private async visibleFundIds(tx: TenantReads): Promise<string[] | undefined> {
    const partner = ownPartner(tx.actor);
    if (!partner) return undefined;
    return (await tx.rows(FundEntity).find({ managerPartnerId: partner })).map((f) => f.id);
  }
}

const STAGE_ERRORS = {
  'deal-closed': InvestmentErrors.DEAL_CLOSED,
  'not-forward': InvestmentErrors.DEAL_STAGE_NOT_FORWARD,
  'close-by-closing': InvestmentErrors.INVALID_INVESTMENT,
  'committee-not-passed': InvestmentErrors.COMMITTEE_NOT_PASSED,
} as const;

function stageError(refusal: StageMoveRefusal): DomainError {
  return new DomainError(STAGE_ERRORS[refusal.rule], refusal.detail, {
    fields: [{ field: 'stage', message: refusal.detail }],
  });
}

export interface DealHistory {
  moves: StageMoveEntity[];
  votes: CommitteeVoteEntity[];
  investmentId?: string;
}

export function dealMessage(
  deal: DealEntity,
  { moves, votes, investmentId }: DealHistory,
  policy: InvestmentPolicy,
): investment.Deal {
  const committee = tally(
    votes.map((v) => v.vote),
    policy,
  );
  return messageOf(
    investment.DealSchema,
    Object.assign({}, deal, {
      tenant: deal.tenantId,
      history: moves.map((m) => ({
        from: m.fromStage ?? undefined,
        to: m.toStage,
        by: m.movedBy,
        at: m.movedAt,
        reason: m.reason ?? undefined,
      })),
      votes: votes.map((v) => ({
        voter: `user:${v.voter}`,
        vote: v.vote,
        comment: v.comment ?? undefined,
        at: v.votedAt,
      })),
      committee: Object.assign({}, committee, { inFavour: committee.for }),
      investmentId,
    }),
  );
}
