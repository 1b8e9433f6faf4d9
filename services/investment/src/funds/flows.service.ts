import { Injectable } from '@nestjs/common';
import { InvestmentErrors, investment } from '@tf/contracts';
import {
  actorId,
  Clock,
  DomainError,
  formatMoney,
  invalidFields,
  messageOf,
  Money,
  newId,
  type HandlerContext,
} from '@tf/platform';
import { assertFundAdmin } from './access';
import { allocateProRata, fundCash, type PartnerShare } from './domain/capital';
import { flowProblems } from './domain/fund-inputs';
import {
  FundEntity,
  FundFlowEntity,
  FundFlowShareEntity,
  LimitedPartnerEntity,
} from './fund.entity';
import { FundsService } from './funds.service';

/**
 * Capital calls and distributions: dated cash flows between the fund and its limited partners,
 * each split across them to the cent in the same transaction, under the fund's lock.
 */
@Injectable()
export class FlowsService {
  constructor(
    private readonly funds: FundsService,
    private readonly clock: Clock,
  ) {}

  async record(
    ctx: HandlerContext,
    request: investment.RecordFundFlowRequest,
  ): Promise<investment.FundFlow> {
    assertFundAdmin(ctx);
    const problems = flowProblems(request, this.clock.today());
    if (problems.length > 0) throw invalidFields(problems, InvestmentErrors.INVALID_INVESTMENT);
    const amount = new Money(request.amount);
    return ctx.unitOfWork(async (tx) => {
      const fund = await this.funds.lock(tx, request.fundId);
      const partners = await tx
        .rows(LimitedPartnerEntity)
        .findForUpdate({ fundId: fund.id }, { order: { id: 'ASC' } });
      if (partners.length === 0)
        throw new DomainError(
          InvestmentErrors.NO_LIMITED_PARTNERS,
          'the fund has no limited partners to call capital from or distribute to',
        );
      const calling = request.kind === 'capital_call';
      const shares = allocateProRata(
        amount,
        calling ? callShares(fund, partners, amount) : distributionShares(fund, partners, amount),
      );

      const flow = await tx.rows(FundFlowEntity).insert({
        id: newId(),
        fundId: fund.id,
        kind: calling ? 'capital_call' : 'distribution',
        amount: formatMoney(amount),
        on: request.on,
        recordedBy: actorId(tx.actor),
        createdAt: this.clock.now(),
      });
      const stored = await tx.rows(FundFlowShareEntity).insertMany(
        shares.map((share) => ({
          id: newId(),
          flowId: flow.id,
          limitedPartnerId: share.id,
          amount: formatMoney(share.amount),
        })),
      );
      const column = calling ? 'called' : 'distributed';
      for (const share of shares) {
        const partner = partners.find((p) => p.id === share.id)!;
        await tx.rows(LimitedPartnerEntity).update(partner.id, {
          [column]: formatMoney(new Money(partner[column]).plus(share.amount)),
        });
      }
      await tx
        .rows(FundEntity)
        .update(fund.id, { [column]: formatMoney(new Money(fund[column]).plus(amount)) });
      return flowMessage(flow, stored);
    });
  }
}

/**
 * A call is split by what each partner has yet to pay in, and never past it: the calls together
 * may not exceed the partners' commitments.
 */
function callShares(
  fund: FundEntity,
  partners: LimitedPartnerEntity[],
  amount: Money,
): PartnerShare[] {
  const unfunded = new Money(fund.commitments).minus(fund.called);
  if (amount.greaterThan(unfunded))
    throw new DomainError(
      InvestmentErrors.CALL_OVER_COMMITMENTS,
      `the partners have ${formatMoney(unfunded)} of their commitments left to call`,
      { fields: [{ field: 'amount', message: `must be at most ${formatMoney(unfunded)}` }] },
    );
  return partners.map((p) => {
    const left = new Money(p.commitment).minus(p.called);
    return { id: p.id, weight: left, cap: left };
  });
}

/**
 * A distribution pays out cash the fund has (paid in and brought back by exits, less what it
 * invested and already paid out), split by what each partner paid in.
 */
function distributionShares(
  fund: FundEntity,
  partners: LimitedPartnerEntity[],
  amount: Money,
): PartnerShare[] {
  const cash = fundCash({
    paidIn: fund.called,
    proceeds: fund.proceeds,
    invested: fund.committed,
    distributed: fund.distributed,
  });
  if (amount.greaterThan(cash))
    throw new DomainError(
      InvestmentErrors.DISTRIBUTION_OVER_CASH,
      `the fund holds ${formatMoney(Money.max(cash, 0))} in cash to distribute`,
      {
        fields: [
          { field: 'amount', message: `must be at most ${formatMoney(Money.max(cash, 0))}` },
        ],
      },
    );
  // Before any call (exits paying out more than was invested), by commitment instead.
  const paidIn = !new Money(fund.called).isZero();
  return partners.map((p) => ({ id: p.id, weight: paidIn ? p.called : p.commitment }));
}

export function flowMessage(
  flow: FundFlowEntity,
  shares: FundFlowShareEntity[],
): investment.FundFlow {
  return messageOf(
    investment.FundFlowSchema,
    Object.assign({}, flow, {
      shares: shares.map((s) => ({ limitedPartnerId: s.limitedPartnerId, amount: s.amount })),
    }),
  );
}
