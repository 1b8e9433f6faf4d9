import { Injectable } from '@nestjs/common';
import { InvestmentErrors, investment } from '@tf/contracts';
import {
  actorId,
  allInOrder,
  Clock,
  conflict,
  DomainError,
  formatMoney,
  invalidFields,
  isUniqueViolation,
  messageOf,
  Money,
  newId,
  notFound,
  ownPartner,
  PolicyStore,
  TenancyClient,
  visibleTo,
  type HandlerContext,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { assertFundAdmin } from './access';
import { fundProblems, limitedPartnerProblems } from './domain/fund-inputs';
import type { InvestmentPolicy } from './domain/policy';
import { uncommittedCapacity } from './domain/capital';
import { FundEntity, LimitedPartnerEntity } from './fund.entity';

/** The roles whose holders may sit on a fund's committee (the gateway lets them vote). */
const VOTING_ROLES: readonly string[] = ['analyst', 'center-admin'];

/**
 * The center's funds and their limited partners. A fund is read by the center's staff and by
 * the fund-manager partner that runs it; to anyone else, another center's included, it does not
 * exist.
 */
@Injectable()
export class FundsService {
  constructor(
    private readonly tenancy: TenancyClient,
    private readonly policy: PolicyStore<typeof investment.InvestmentPolicySchema>,
    private readonly clock: Clock,
  ) {}

  async create(
    ctx: HandlerContext,
    request: investment.CreateFundRequest,
  ): Promise<investment.Fund> {
    assertFundAdmin(ctx);
    const policy = (await this.policy.of(ctx)) as InvestmentPolicy;
    const problems = fundProblems(request, policy);
    if (problems.length > 0) throw invalidFields(problems, InvestmentErrors.INVALID_INVESTMENT);
    // The committee are staff of this center who can still log in; the manager is a fund partner.
    const [members] = await allInOrder([
      Promise.all(
        request.committee.map((id, k) => this.tenancy.staffUser(ctx, id, `committee[${k}]`)),
      ),
      this.assertFundManager(ctx, request.managerPartnerId),
    ]);
    // Members vote, so they are staff who take decisions: not disabled, not auditors only.
    const unfit = members.flatMap((user, k) =>
      user.disabledAt !== undefined
        ? [{ field: `committee[${k}]`, message: 'is a disabled user' }]
        : !user.roles.some((role) => VOTING_ROLES.includes(role))
          ? [{ field: `committee[${k}]`, message: 'must be an analyst or a center admin' }]
          : [],
    );
    if (unfit.length > 0) throw invalidFields(unfit, InvestmentErrors.INVALID_INVESTMENT);
    return ctx.unitOfWork(async (tx) => {
      try {
        const fund = await tx.rows(FundEntity).insert({
          id: newId(),
          name: request.name.trim(),
          size: formatMoney(request.size),
          vintageYear: request.vintageYear,
          managementFeeRate: request.managementFeeRate ?? policy.managementFeeRate,
          carriedInterestRate: request.carriedInterestRate ?? policy.carriedInterestRate,
          hurdleRate: request.hurdleRate ?? policy.hurdleRate,
          committee: request.committee,
          managerPartnerId: request.managerPartnerId ?? null,
          committed: '0.00',
          commitments: '0.00',
          called: '0.00',
          distributed: '0.00',
          proceeds: '0.00',
          createdBy: actorId(tx.actor),
          createdAt: this.clock.now(),
        });
        return fundMessage(fund);
      } catch (error) {
        if (isUniqueViolation(error, 'funds_name'))
          throw conflict(
            InvestmentErrors.FUND_ALREADY_EXISTS,
            'the center has a fund of this name',
            'name',
          );
        throw error;
      }
    });
  }

  async get(tx: TenantReads, id: string): Promise<investment.Fund> {
    return fundMessage(await this.find(tx, id));
  }

  async list(tx: TenantReads, request: investment.ListFundsRequest): Promise<investment.FundList> {
    const partner = ownPartner(tx.actor);
    const page = await tx
      .rows(FundEntity)
      .page(partner ? { managerPartnerId: partner } : {}, request.page);
    return messageOf(investment.FundListSchema, {
      items: page.items.map(fundMessage),
      page: { nextCursor: page.nextCursor },
    });
  }

  /** A fund the caller may see: the center's staff see all, a fund manager's key its own. */
  async find(tx: TenantReads, id: string, field?: string): Promise<FundEntity> {
    const found = await tx.rows(FundEntity).findById(id);
    if (!found || !visibleTo(tx.actor, found.managerPartnerId))
      throw notFound(
        InvestmentErrors.FUND_NOT_FOUND,
        `fund ${id}`,
        field ? { field, message: 'is not a fund of this center' } : undefined,
      );
    return found;
  }

  /** The fund, locked for the rest of the transaction: every change to its totals goes through here. */
  async lock(tx: TenantWrites, id: string, field?: string): Promise<FundEntity> {
    await this.find(tx, id, field);
    const locked = await tx.rows(FundEntity).findByIdForUpdate(id);
    if (!locked) throw notFound(InvestmentErrors.FUND_NOT_FOUND, `fund ${id}`);
    return locked;
  }

  /**
   * A limited partner commits to the fund; the partners' commitments together may not exceed its
   * size (the fund's row is locked, and the table's CHECK says the same).
   */
  async addLimitedPartner(
    ctx: HandlerContext,
    request: investment.AddLimitedPartnerRequest,
  ): Promise<investment.LimitedPartner> {
    assertFundAdmin(ctx);
    const problems = limitedPartnerProblems(request);
    if (problems.length > 0) throw invalidFields(problems, InvestmentErrors.INVALID_INVESTMENT);
    return ctx.unitOfWork(async (tx) => {
      const fund = await this.lock(tx, request.fundId);
      const commitments = new Money(fund.commitments).plus(request.commitment);
      if (commitments.greaterThan(fund.size))
        throw new DomainError(
          InvestmentErrors.COMMITMENTS_OVER_FUND_SIZE,
          `commitments would be ${formatMoney(commitments)}, over the fund's size of ${fund.size}`,
          {
            fields: [
              {
                field: 'commitment',
                message: `must be at most ${formatMoney(new Money(fund.size).minus(fund.commitments))}`,
              },
            ],
          },
        );
      try {
        const partner = await tx.rows(LimitedPartnerEntity).insert({
          id: newId(),
          fundId: fund.id,
          name: request.name.trim(),
          commitment: formatMoney(request.commitment),
          called: '0.00',
          distributed: '0.00',
          createdAt: this.clock.now(),
        });
        await tx.rows(FundEntity).update(fund.id, { commitments: formatMoney(commitments) });
        return limitedPartnerMessage(partner);
      } catch (error) {
        if (isUniqueViolation(error, 'limited_partners_name'))
          throw conflict(
            InvestmentErrors.LIMITED_PARTNER_ALREADY_EXISTS,
            'the fund has a limited partner of this name',
            'name',
          );
        throw error;
      }
    });
  }

  async limitedPartners(tx: TenantReads, fundId: string): Promise<investment.LimitedPartnerList> {
    const fund = await this.find(tx, fundId);
    const partners = await tx
      .rows(LimitedPartnerEntity)
      .find({ fundId: fund.id }, { order: { id: 'ASC' } });
    return messageOf(investment.LimitedPartnerListSchema, {
      items: partners.map(limitedPartnerMessage),
    });
  }

  private async assertFundManager(
    ctx: HandlerContext,
    partnerId: string | undefined,
  ): Promise<void> {
    if (partnerId === undefined) return;
    const kind = await this.tenancy.partnerKind(ctx, partnerId, 'managerPartnerId');
    if (kind !== 'fund')
      throw new DomainError(
        InvestmentErrors.FUND_MANAGER_NOT_A_FUND,
        'a fund is managed by a partner of kind fund',
        {
          fields: [{ field: 'managerPartnerId', message: `is a ${kind}, not a fund` }],
        },
      );
  }
}

export function fundMessage(fund: FundEntity): investment.Fund {
  return messageOf(
    investment.FundSchema,
    Object.assign({}, fund, {
      tenant: fund.tenantId,
      managerPartnerId: fund.managerPartnerId ?? undefined, // numeric(12, 10) reads "0.0200000000"; the wire says "0.02".
      managementFeeRate: new Money(fund.managementFeeRate).toString(),
      carriedInterestRate: new Money(fund.carriedInterestRate).toString(),
      hurdleRate: new Money(fund.hurdleRate).toString(),
      uncommitted: formatMoney(uncommittedCapacity(fund.size, fund.committed)),
    }),
  );
}

export function limitedPartnerMessage(partner: LimitedPartnerEntity): investment.LimitedPartner {
  return messageOf(investment.LimitedPartnerSchema, partner);
}
