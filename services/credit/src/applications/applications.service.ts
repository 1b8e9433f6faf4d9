import { Injectable } from '@nestjs/common';
import {
  CreditErrors,
  CreditEvents,
  GuaranteeRpc,
  LIVE_LOAN_STATUSES,
  ValuationRpc,
  credit,
  type PatentType,
  type guarantee,
} from '@tf/contracts';
import {
  actorId,
  addMonths,
  allInOrder,
  Clock,
  DomainError,
  formatMoney,
  invalidFields,
  messageOf,
  Money,
  newId,
  notFound,
  PolicyStore,
  ServiceClient,
  TenancyClient,
  visibleTo,
  type HandlerContext,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { In, MoreThanOrEqual } from 'typeorm';
import { applicationDay } from '../loans/domain/historical-book';
import { LINKED_LOAN, productOf } from '../loans/domain/policy';
import type { CreditPolicy, LoanProduct } from '../loans/domain/types';
import {
  applicationProblems,
  ltvCap,
  underwrite,
  type Decision,
  type PledgedAsset,
} from '../loans/domain/underwriting';
import {
  EnterpriseInvestmentEntity,
  LoanCollateralEntity,
  LoanEntity,
  type StoredCollateral,
} from '../loans/loan.entity';
import { LoanApplicationEntity } from './loan-application.entity';

/**
 * Loan applications: checked as input against the product, then underwritten with what the
 * other services say (the enterprise from tenancy, pledge values from valuation, the guarantee
 * from guarantee: never what the request claims), and stored approved, with its loan, or
 * declined, with every reason. The rules that two applications could race on (a patent or a
 * guarantee backing two live loans) are decided inside the unit of work under a lock per asset
 * and per guarantee, with unique indexes behind them.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly tenancy: TenancyClient,
    private readonly services: ServiceClient,
    private readonly policy: PolicyStore<typeof credit.CreditPolicySchema>,
    private readonly clock: Clock,
  ) {}

  async apply(
    ctx: HandlerContext,
    request: credit.ApplyForLoanRequest,
  ): Promise<credit.LoanApplication> {
    const policy = (await this.policy.of(ctx)) as unknown as CreditPolicy;
    const product = productOf(policy, request.productCode);
    const applied = applicationDay(request.appliedOn, this.clock.today());
    const problems = [
      ...applicationProblems(request, product),
      ...('problem' in applied ? [applied.problem] : []),
    ];
    if (problems.length > 0 || !product || 'problem' in applied)
      throw invalidFields(problems, CreditErrors.INVALID_LOAN);
    const lenderPartnerId = this.lenderOf(ctx, request.lenderPartnerId);
    // Asked at once, judged in this order: the borrower, the lender, the collateral, the guarantee.
    const [, , pledges, guaranteeTerms] = await allInOrder([
      this.tenancy.enterprise(ctx, request.enterpriseId),
      this.assertBank(ctx, lenderPartnerId),
      this.pledgesOf(ctx, request),
      request.guaranteeId ? this.guaranteeOf(ctx, request.guaranteeId) : undefined,
    ]);

    return ctx.unitOfWork(async (tx) => {
      // Applications for the same guarantee or asset queue here, so the second sees the first's loan.
      if (request.guaranteeId) await tx.lock('guarantee', request.guaranteeId);
      for (const identity of [...new Set(pledges.map((p) => p.identity))].sort())
        await tx.lock('asset', identity);
      const decision = underwrite(
        {
          product,
          principal: request.principal,
          termMonths: request.termMonths,
          enterpriseId: request.enterpriseId,
          lenderPartnerId,
          pledges,
          pledgedElsewhere: await this.livePledges(tx, pledges),
          ...(product.code === 'linked' && {
            investments: await this.investmentsIn(tx, request.enterpriseId),
          }),
          ...(guaranteeTerms
            ? {
                guarantee: guaranteeTerms,
                guaranteeInUse: await this.guaranteeInUse(tx, request.guaranteeId),
              }
            : {}),
        },
        policy,
      );
      return this.record(
        tx,
        request,
        applied.day,
        product,
        lenderPartnerId,
        pledges,
        decision,
        policy,
      );
    });
  }

  async get(tx: TenantReads, id: string): Promise<credit.LoanApplication> {
    const found = await tx.rows(LoanApplicationEntity).findById(id);
    if (!found || !visibleTo(tx.actor, found.lenderPartnerId))
      throw notFound(CreditErrors.APPLICATION_NOT_FOUND, `loan application ${id}`);
    return applicationMessage(found);
  }

  private async record(
    tx: TenantWrites,
    request: credit.ApplyForLoanRequest,
    appliedOn: string,
    product: LoanProduct,
    lenderPartnerId: string,
    pledges: PledgedAsset[],
    decision: Decision,
    policy: CreditPolicy,
  ): Promise<credit.LoanApplication> {
    const now = this.clock.now();
    const collateral: StoredCollateral[] = pledges.map((p) => ({
      valuationId: p.valuationId,
      identity: p.identity,
      assetNumber: p.assetNumber,
      patentType: p.patentType,
      value: p.value,
      ltvCap: ltvCap(policy, p.patentType),
    }));
    const applicationId = newId();
    const loanId = decision.approved ? newId() : null;
    const requestedBy = actorId(tx.actor);
    const requestedByPartner = tx.actor?.kind === 'partner' ? tx.actor.id : null;
    const application = await tx.rows(LoanApplicationEntity).insert({
      id: applicationId,
      enterpriseId: request.enterpriseId,
      lenderPartnerId,
      productCode: product.code,
      principal: formatMoney(request.principal),
      termMonths: request.termMonths,
      repaymentMethod: request.repaymentMethod as LoanProduct['repaymentMethods'][number],
      status: decision.approved ? 'approved' : 'declined',
      loanId,
      reasons: decision.reasons,
      lendable: decision.lendable ?? null,
      collateral,
      guaranteeId: request.guaranteeId ?? null,
      requestedBy,
      requestedByPartner,
      appliedOn,
      createdAt: now,
    });
    if (!loanId) return applicationMessage(application);
    // A linked loan's warrant is on the fund's latest investment in the enterprise.
    const [latest] =
      product.code === 'linked' ? await this.investmentsIn(tx, request.enterpriseId) : [];
    const linked = {
      linkedInvestmentId: latest?.investmentId ?? null,
      warrantCoverage: latest ? LINKED_LOAN.warrantCoverage : null,
    };

    await tx.rows(LoanEntity).insert({
      id: loanId,
      applicationId,
      enterpriseId: request.enterpriseId,
      lenderPartnerId,
      productCode: product.code,
      status: 'approved',
      currency: 'CNY',
      principal: application.principal,
      outstandingPrincipal: '0.00',
      principalRepaid: '0.00',
      principalRecovered: '0.00',
      principalWrittenOff: '0.00',
      interestPaid: '0.00',
      penaltyAccrued: '0.00',
      penaltyPaid: '0.00',
      termMonths: request.termMonths,
      repaymentMethod: application.repaymentMethod,
      annualRate: null,
      penaltyRate: null,
      classification: 'normal',
      daysPastDue: 0,
      approvedOn: appliedOn,
      disbursedOn: null,
      maturityOn: null,
      defaultedOn: null,
      closedOn: null,
      penaltyAccruedThrough: null,
      classifiedOn: null,
      guaranteeId: request.guaranteeId ?? null,
      collateral,
      ...linked,
      requestedBy,
      requestedByPartner,
      createdAt: now,
      updatedAt: now,
    });
    if (collateral.length > 0)
      await tx.rows(LoanCollateralEntity).insertMany(
        [...new Map(collateral.map((c) => [c.identity, c])).values()].map((c) => ({
          id: newId(),
          loanId,
          identity: c.identity,
          valuationId: c.valuationId,
          assetNumber: c.assetNumber,
          patentType: c.patentType,
          value: c.value,
          ltvCap: c.ltvCap,
          live: true,
        })),
      );
    await tx.emit(CreditEvents.loanApproved, {
      loanId,
      applicationId,
      enterpriseId: request.enterpriseId,
      lenderPartnerId,
      productCode: product.code,
      principal: application.principal,
      guaranteeId: request.guaranteeId,
      linkedInvestmentId: linked.linkedInvestmentId ?? undefined,
      warrantCoverage: linked.warrantCoverage ?? undefined,
    });
    return applicationMessage(application);
  }

  /** The fund's investments in the enterprise within the linked loan's lookback, newest first. */
  private investmentsIn(
    tx: TenantReads,
    enterpriseId: string,
  ): Promise<EnterpriseInvestmentEntity[]> {
    const since = addMonths(this.clock.today(), -LINKED_LOAN.lookbackMonths);
    return tx
      .rows(EnterpriseInvestmentEntity)
      .find({ enterpriseId, closedOn: MoreThanOrEqual(since) }, { order: { closedOn: 'DESC' } });
  }

  /** A bank applies for its own loans; staff name a bank of the center. */
  private lenderOf(ctx: HandlerContext, named: string | undefined): string {
    if (ctx.actor?.kind === 'partner') {
      if (named !== undefined && named !== ctx.actor.id)
        throw invalidFields(
          [
            {
              field: 'lenderPartnerId',
              message: "must be the calling bank's own partner id, or left out",
            },
          ],
          CreditErrors.INVALID_LOAN,
        );
      return ctx.actor.id;
    }
    if (!named)
      throw invalidFields(
        [
          {
            field: 'lenderPartnerId',
            message: "is required when staff apply: the lending bank's partner id",
          },
        ],
        CreditErrors.INVALID_LOAN,
      );
    return named;
  }

  private async assertBank(ctx: HandlerContext, lenderPartnerId: string): Promise<void> {
    if (await this.tenancy.isBank(ctx, lenderPartnerId, 'lenderPartnerId')) return;
    throw invalidFields(
      [{ field: 'lenderPartnerId', message: 'is not a bank: loans are made by partner banks' }],
      CreditErrors.INVALID_LOAN,
    );
  }

  /**
   * The pledge values of the collateral, as valuation reports them today: approved, unexpired
   * pledge valuations of this center and of this enterprise. Anything else is a 422 naming it.
   */
  private async pledgesOf(
    ctx: HandlerContext,
    request: credit.ApplyForLoanRequest,
  ): Promise<PledgedAsset[]> {
    const valuationIds = request.collateral.map((c) => c.valuationId);
    if (valuationIds.length === 0) return [];
    const values = await this.services.request(ValuationRpc.pledgeValue, { valuationIds }, ctx);
    const problems = valuationIds.flatMap((id, i) => {
      const items = values.items.filter((item) => item.valuationId === id);
      const field = `collateral[${i}].valuationId`;
      if (items.length === 0)
        return [
          { field, message: 'is not an approved, unexpired pledge valuation of this center' },
        ];
      if (items.some((item) => item.enterpriseId !== request.enterpriseId))
        return [{ field, message: "values another enterprise's assets, not the borrower's" }];
      return [];
    });
    if (problems.length > 0)
      throw new DomainError(
        CreditErrors.COLLATERAL_NOT_PLEDGEABLE,
        problems.map((p) => `${p.field} ${p.message}`).join('; '),
        { fields: problems },
      );
    return values.items.map((item) => ({
      valuationId: item.valuationId,
      identity: item.identity,
      assetNumber: item.assetNumber,
      patentType: (item.patentType as PatentType | undefined) ?? null,
      value: item.value,
    }));
  }

  /** The guarantee as the guarantee service shows it to this caller (a rival bank's is not found). */
  private async guaranteeOf(ctx: HandlerContext, id: string) {
    let found: guarantee.Guarantee;
    try {
      found = await this.services.request(GuaranteeRpc.get, { id }, ctx);
    } catch (error) {
      if (error instanceof DomainError && error.status === 404)
        throw notFound(CreditErrors.LOAN_GUARANTEE_NOT_FOUND, `guarantee ${id}`, {
          field: 'guaranteeId',
          message: 'is not a guarantee of this center that you may see',
        });
      throw error;
    }
    return {
      status: found.status,
      enterpriseId: found.enterpriseId,
      lenderPartnerId: found.lenderPartnerId,
      principal: found.principal,
      termMonths: found.termMonths,
    };
  }

  private async livePledges(tx: TenantReads, pledges: PledgedAsset[]): Promise<string[]> {
    if (pledges.length === 0) return [];
    const live = await tx
      .rows(LoanCollateralEntity)
      .find({ identity: In(pledges.map((p) => p.identity)), live: true });
    return live.map((c) => c.identity);
  }

  private async guaranteeInUse(tx: TenantReads, guaranteeId: string | undefined): Promise<boolean> {
    if (!guaranteeId) return false;
    const backed = await tx
      .rows(LoanEntity)
      .count({ guaranteeId, status: In([...LIVE_LOAN_STATUSES]) });
    return backed > 0;
  }
}

export function applicationMessage(a: LoanApplicationEntity): credit.LoanApplication {
  return messageOf(
    credit.LoanApplicationSchema,
    Object.assign({}, a, {
      tenant: a.tenantId,
      principal: formatMoney(a.principal),
      lendable: a.lendable === null ? undefined : formatMoney(a.lendable),
      loanId: a.loanId ?? undefined,
      guaranteeId: a.guaranteeId ?? undefined,
      collateral: a.collateral.map((c) =>
        Object.assign({}, c, {
          value: formatMoney(c.value),
          ltvCap: new Money(c.ltvCap).toString(),
          patentType: c.patentType ?? undefined,
        }),
      ),
    }),
  );
}
