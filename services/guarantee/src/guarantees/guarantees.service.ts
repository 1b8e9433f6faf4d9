import { Injectable } from '@nestjs/common';
import {
  GUARANTEE_STATUSES,
  GuaranteeErrors,
  GuaranteeEvents,
  LIABLE_STATUSES,
  ValuationRpc,
  guarantee,
} from '@tf/contracts';
import {
  actorId,
  allInOrder,
  Clock,
  conflict,
  DomainError,
  formatMoney,
  hasRole,
  invalidFields,
  isOneOf,
  isUuid,
  messageOf,
  Money,
  newId,
  notFound,
  ownPartner,
  PolicyStore,
  ServiceClient,
  sumMoney,
  TenancyClient,
  visibleTo,
  type HandlerContext,
  type TenantReads,
} from '@tf/platform';
import { In } from 'typeorm';
import { ClaimEntity } from '../claims/claim.entity';
import type { InstitutionEntity } from '../institutions/institution.entity';
import { InstitutionsService } from '../institutions/institutions.service';
import { guaranteedAmount, guaranteeFee } from './domain/fee';
import { limitBreach, type LimitBreach, type Exposure } from './domain/limits';
import { shareByPolicy } from './domain/risk-shares';
import type { GuaranteePolicy } from './domain/types';
import { applicationProblems } from './domain/validate-application';
import { GuaranteeEntity, type StoredCounterGuarantee } from './guarantee.entity';

/**
 * Guarantees of bank loans by the center's institution: applied for by a bank (or staff for a
 * bank), priced and shared by the center's policy, approved by an analyst within the
 * institution's limits. Each use case reads and calls other services first, then writes in one
 * unit of work.
 */
@Injectable()
export class GuaranteesService {
  constructor(
    private readonly tenancy: TenancyClient,
    private readonly services: ServiceClient,
    private readonly institutions: InstitutionsService,
    private readonly policy: PolicyStore<typeof guarantee.GuaranteePolicySchema>,
    private readonly clock: Clock,
  ) {}

  async request(
    ctx: HandlerContext,
    request: guarantee.RequestGuaranteeRequest,
  ): Promise<guarantee.Guarantee> {
    const problems = applicationProblems(request);
    if (problems.length > 0) throw invalidFields(problems, GuaranteeErrors.INVALID_GUARANTEE);
    this.assertOwnLoan(ctx, request.lenderPartnerId);
    const [enterprise, policy, counterGuarantees] = await allInOrder([
      this.tenancy.enterprise(ctx, request.enterpriseId),
      this.policy.of(ctx) as Promise<GuaranteePolicy>,
      this.pledged(
        ctx,
        request.counterGuarantees.map((c) => c.valuationId),
      ),
      this.assertBank(ctx, request.lenderPartnerId),
    ]);
    const amount = guaranteedAmount(request.principal, request.coverageRatio);
    // Early word for the bank: an amount that would not fit now is refused here. Approval
    // checks again under the institution's lock, which is what keeps the limits.
    const { institution, exposure } = await ctx.read(async (tx) => {
      const institution = await this.institutions.of(tx);
      const groupCode = enterprise.groupCode ?? null;
      return {
        institution,
        exposure: await this.exposure(tx, institution, enterprise.id, groupCode),
      };
    });
    const breach = limitBreach(exposure, amount, policy);
    if (breach) throw limitError(breach);
    const now = this.clock.now();
    return ctx.unitOfWork(async (tx) => {
      const stored = await tx.rows(GuaranteeEntity).insert({
        id: newId(),
        institutionId: institution.id,
        enterpriseId: enterprise.id,
        groupCode: enterprise.groupCode ?? null,
        lenderPartnerId: request.lenderPartnerId,
        currency: 'CNY',
        principal: formatMoney(request.principal),
        termMonths: request.termMonths,
        coverageRatio: request.coverageRatio,
        guaranteedAmount: amount,
        outstandingLiability: '0.00',
        annualFeeRate: policy.annualFeeRate,
        fee: guaranteeFee(
          request.principal,
          request.coverageRatio,
          policy.annualFeeRate,
          request.termMonths,
        ),
        riskShares: shareByPolicy(amount, policy),
        counterGuarantees,
        pledgeValue: sumOf(counterGuarantees.map((c) => c.pledgeValue)),
        status: 'pending',
        requestedBy: actorId(tx.actor),
        requestedByPartner: tx.actor?.kind === 'partner' ? tx.actor.id : null,
        approvedBy: null,
        approvedAt: null,
        loanId: null,
        declinedBy: null,
        declineReason: null,
        createdAt: now,
        updatedAt: now,
      });
      return guaranteeMessage(stored);
    });
  }

  /** One guarantee, with its claim once its loan defaulted. */
  async get(tx: TenantReads, id: string): Promise<guarantee.Guarantee> {
    const found = await this.find(tx, id);
    const claim = await tx.rows(ClaimEntity).findOneBy({ guaranteeId: found.id });
    return guaranteeMessage(found, claim);
  }

  /** The center's guarantees (a bank's own, for its key), of an enterprise or in a status. */
  async list(
    tx: TenantReads,
    request: guarantee.ListGuaranteesRequest,
  ): Promise<guarantee.GuaranteeList> {
    const problems = [];
    if (request.status !== undefined && !isOneOf(GUARANTEE_STATUSES, request.status))
      problems.push({
        field: 'status',
        message: `must be one of ${GUARANTEE_STATUSES.join(', ')}`,
      });
    if (request.enterpriseId !== undefined && !isUuid(request.enterpriseId))
      problems.push({ field: 'enterpriseId', message: 'must be a UUID' });
    if (problems.length > 0) throw invalidFields(problems, GuaranteeErrors.INVALID_GUARANTEE);
    const lender = ownPartner(tx.actor);
    const page = await tx
      .rows(GuaranteeEntity)
      .page(
        Object.assign(
          {},
          lender ? { lenderPartnerId: lender } : {},
          request.enterpriseId ? { enterpriseId: request.enterpriseId } : {},
          request.status ? { status: request.status as GuaranteeEntity['status'] } : {},
        ),
        request.page,
      );
    const claims = page.items.length
      ? await tx.rows(ClaimEntity).find({ guaranteeId: In(page.items.map((g) => g.id)) })
      : [];
    return messageOf(guarantee.GuaranteeListSchema, {
      items: page.items.map((g) =>
        guaranteeMessage(g, claims.find((c) => c.guaranteeId === g.id) ?? null),
      ),
      page: { nextCursor: page.nextCursor },
    });
  }

  /**
   * Approval (an analyst): the institution's row is locked first, so approvals of one center
   * queue; then the limits are checked against the liability outstanding and reserved (approved
   * but not yet active included), and this guarantee's amount is reserved, in the same
   * transaction. No two approvals can together break a limit.
   */
  async approve(ctx: HandlerContext, id: string): Promise<guarantee.Guarantee> {
    assertAnalyst(ctx);
    const policy = (await this.policy.of(ctx)) as GuaranteePolicy;
    return ctx.unitOfWork(async (tx) => {
      const seen = await this.find(tx, id);
      // Sent together, in one round trip while approvals of the center queue on its institution
      // (the pool pipelines): PostgreSQL runs them in this order, so the guarantee is locked and
      // the liability read only once the institution's lock is held. A guarantee's client and
      // group never change after it is applied for, so `seen` names them.
      const [institution, found, liability] = await Promise.all([
        this.institutions.lock(tx, seen.institutionId),
        tx.rows(GuaranteeEntity).findByIdForUpdate(id),
        this.liability(tx, seen.enterpriseId, seen.groupCode),
      ]);
      if (!found) throw notFound(GuaranteeErrors.GUARANTEE_NOT_FOUND, `guarantee ${id}`);
      if (found.status !== 'pending') {
        throw conflict(
          GuaranteeErrors.GUARANTEE_NOT_PENDING,
          `a ${found.status} guarantee cannot be approved`,
        );
      }
      const exposure = exposureOf(institution, liability);
      const breach = limitBreach(exposure, found.guaranteedAmount, policy);
      if (breach) throw limitError(breach);

      const now = this.clock.now();
      const changes = {
        status: 'approved' as const,
        outstandingLiability: found.guaranteedAmount,
        approvedBy: actorId(tx.actor),
        approvedAt: now,
        updatedAt: now,
      };
      await Promise.all([
        tx.rows(GuaranteeEntity).update(id, changes),
        this.institutions.setOutstanding(
          tx,
          institution.id,
          sumOf([institution.outstanding, found.guaranteedAmount]),
        ),
      ]);
      await tx.emit(GuaranteeEvents.approved, {
        guaranteeId: id,
        enterpriseId: found.enterpriseId,
        lenderPartnerId: found.lenderPartnerId,
        guaranteedAmount: found.guaranteedAmount,
        institutionId: institution.id,
      });
      return guaranteeMessage(Object.assign({}, found, changes));
    });
  }

  /** An analyst declines a pending application, saying why; nothing was reserved, nothing is released. */
  async decline(ctx: HandlerContext, id: string, reason: string): Promise<guarantee.Guarantee> {
    assertAnalyst(ctx);
    const why = reason.trim();
    if (!why || why.length > 1000) {
      throw invalidFields(
        [{ field: 'reason', message: 'must say why, in at most 1000 characters' }],
        GuaranteeErrors.INVALID_GUARANTEE,
      );
    }
    return ctx.unitOfWork(async (tx) => {
      const found = await tx.rows(GuaranteeEntity).findByIdForUpdate(id);
      if (!found) throw notFound(GuaranteeErrors.GUARANTEE_NOT_FOUND, `guarantee ${id}`);
      if (found.status !== 'pending') {
        throw conflict(
          GuaranteeErrors.GUARANTEE_NOT_PENDING,
          `a ${found.status} guarantee cannot be declined`,
        );
      }
      const changes = {
        status: 'declined' as const,
        declinedBy: actorId(tx.actor),
        declineReason: why,
        updatedAt: this.clock.now(),
      };
      await tx.rows(GuaranteeEntity).update(id, changes);
      return guaranteeMessage(Object.assign({}, found, changes));
    });
  }

  /** A guarantee the caller may see: the lending bank sees its own, the center's staff all. */
  private async find(tx: TenantReads, id: string): Promise<GuaranteeEntity> {
    const found = await tx.rows(GuaranteeEntity).findById(id);
    if (!found || !visibleTo(tx.actor, found.lenderPartnerId))
      throw notFound(GuaranteeErrors.GUARANTEE_NOT_FOUND, `guarantee ${id}`);
    return found;
  }

  /** The liability the limits are checked against (under the institution's lock when approving). */
  private async exposure(
    tx: TenantReads,
    institution: InstitutionEntity,
    enterpriseId: string,
    groupCode: string | null,
  ): Promise<Exposure> {
    return exposureOf(institution, await this.liability(tx, enterpriseId, groupCode));
  }

  /** The client's outstanding liability, and its group's when it has one (read together). */
  private async liability(
    tx: TenantReads,
    enterpriseId: string,
    groupCode: string | null,
  ): Promise<Liability> {
    const liable = { status: In([...LIABLE_STATUSES]) };
    const sum = (rows: GuaranteeEntity[]) => sumOf(rows.map((g) => g.outstandingLiability));
    const [client, group] = await Promise.all([
      tx.rows(GuaranteeEntity).find(Object.assign({}, liable, { enterpriseId })),
      groupCode ? tx.rows(GuaranteeEntity).find(Object.assign({}, liable, { groupCode })) : null,
    ]);
    return { client: sum(client), group: group && sum(group) };
  }

  /** A bank applies for its own loans only; staff name the lending bank. */
  private assertOwnLoan(ctx: HandlerContext, lenderPartnerId: string): void {
    if (ctx.actor?.kind === 'partner' && ctx.actor.id !== lenderPartnerId) {
      throw invalidFields(
        [{ field: 'lenderPartnerId', message: "must be the calling bank's own partner id" }],
        GuaranteeErrors.INVALID_GUARANTEE,
      );
    }
  }

  /** The lender must be a bank of this center (another center's partner is not found). */
  private async assertBank(ctx: HandlerContext, lenderPartnerId: string): Promise<void> {
    if (await this.tenancy.isBank(ctx, lenderPartnerId, 'lenderPartnerId')) return;
    throw new DomainError(GuaranteeErrors.LENDER_NOT_A_BANK, 'the lender must be a partner bank', {
      fields: [{ field: 'lenderPartnerId', message: 'is not a bank' }],
    });
  }

  /**
   * The counter-guarantees' pledge values, as valuation reports them today: approved,
   * unexpired pledge valuations of this center. Never taken from the request.
   */
  private async pledged(
    ctx: HandlerContext,
    valuationIds: string[],
  ): Promise<StoredCounterGuarantee[]> {
    if (valuationIds.length === 0) return [];
    const values = await this.services.request(ValuationRpc.pledgeValue, { valuationIds }, ctx);
    const missing = new Set(values.missing);
    const problems = valuationIds.flatMap((id, i) =>
      missing.has(id)
        ? [
            {
              field: `counterGuarantees[${i}].valuationId`,
              message: 'is not an approved, unexpired pledge valuation of this center',
            },
          ]
        : [],
    );
    if (problems.length > 0) {
      throw new DomainError(
        GuaranteeErrors.COUNTER_GUARANTEE_NOT_PLEDGEABLE,
        problems.map((p) => `${p.field} ${p.message}`).join('; '),
        { fields: problems },
      );
    }
    return valuationIds.map((valuationId) => {
      const items = values.items.filter((item) => item.valuationId === valuationId);
      return {
        kind: 'ip_pledge',
        valuationId,
        pledgeValue: sumOf(items.map((item) => item.value)),
        validUntil: items.map((item) => item.validUntil).sort()[0] ?? '',
        assets: items.map((item) => ({
          valuationId,
          assetNumber: item.assetNumber,
          ...(item.patentType ? { patentType: item.patentType } : {}),
          value: item.value,
        })),
      };
    });
  }
}

/** Deciding on a guarantee is for the center's analysts: never a partner key or a platform admin. */
function assertAnalyst(ctx: HandlerContext): void {
  if (!hasRole(ctx.actor, 'analyst')) {
    throw new DomainError(
      GuaranteeErrors.GUARANTEE_APPROVER_NOT_ANALYST,
      "deciding on a guarantee is for the center's analysts: never a partner key or a platform admin",
    );
  }
}

const sumOf = (amounts: string[]): string => formatMoney(sumMoney(amounts));

const LIMIT_ERRORS = {
  'leverage-limit': GuaranteeErrors.LEVERAGE_LIMIT,
  'single-client-limit': GuaranteeErrors.SINGLE_CLIENT_LIMIT,
  'group-limit': GuaranteeErrors.GROUP_LIMIT,
} as const;

const LIMIT_WORDS = {
  'leverage-limit': "the institution's outstanding liability",
  'single-client-limit': "this client's outstanding liability",
  'group-limit': "this client's group's outstanding liability",
} as const;

function limitError(breach: LimitBreach): DomainError {
  return new DomainError(
    LIMIT_ERRORS[breach.rule],
    `${LIMIT_WORDS[breach.rule]} would be ${breach.wouldBe}, over its limit of ${breach.limit}`,
  );
}

export function guaranteeMessage(
  g: GuaranteeEntity,
  claim?: ClaimEntity | null,
): guarantee.Guarantee {
  return messageOf(
    guarantee.GuaranteeSchema,
    Object.assign({}, g, {
      tenant: g.tenantId,
      principal: formatMoney(g.principal),
      guaranteedAmount: formatMoney(g.guaranteedAmount),
      outstandingLiability: formatMoney(g.outstandingLiability),
      fee: formatMoney(g.fee),
      pledgeValue: formatMoney(g.pledgeValue),
      coverageRatio: ratio(g.coverageRatio),
      annualFeeRate: ratio(g.annualFeeRate),
      riskShares: g.riskShares,
      counterGuarantees: g.counterGuarantees.map((c) =>
        Object.assign({}, c, { assets: c.assets ?? [] }),
      ),
      groupCode: g.groupCode ?? undefined,
      approvedBy: g.approvedBy ?? undefined,
      approvedAt: g.approvedAt ?? undefined,
      loanId: g.loanId ?? undefined,
      declinedBy: g.declinedBy ?? undefined,
      declineReason: g.declineReason ?? undefined,
      claim: claim
        ? Object.assign({}, claim, {
            claim: formatMoney(claim.claim),
            payout: formatMoney(claim.payout),
            recovered: formatMoney(claim.recovered),
          })
        : undefined,
    }),
  );
}

/** A numeric(12,10) read back ("0.8000000000") as the ratio it is ("0.8"). */
function ratio(value: string): string {
  return new Money(value).toString();
}

type Liability = Pick<Exposure, 'client' | 'group'>;

/** The institution against the limits, with the liability read under its lock. */
function exposureOf(institution: InstitutionEntity, liability: Liability): Exposure {
  return Object.assign(
    { netAssets: institution.netAssets, outstanding: institution.outstanding },
    liability,
  );
}
