import { toJson } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { ValuationErrors, ValuationEvents, valuation } from '@tf/contracts';
import {
  addMonths,
  Clock,
  conflict,
  DomainError,
  invalidFields,
  isUniqueViolation,
  newId,
  notFound,
  TenancyClient,
  TenantRepository,
  type FieldProblem,
  type TenantHandlerContext,
} from '@tf/platform';
import { In } from 'typeorm';
import { ComparablesService } from '../comparables/comparables.service';
import { assetIdentity, assetSetKey } from './domain/asset-identity';
import { computeValuation } from './domain/compute-valuation';
import { PURPOSES, type Purpose, type ValuationInput, type ValuationProblem } from './domain/types';
import { valuationProblems } from './domain/validate-valuation';
import {
  approvalRefusal,
  decisionRefusal,
  holderOf,
  planApproval,
  type Decider,
  type Refusal,
} from './domain/workflow';
import {
  ValuationAssetEntity,
  ValuationEntity,
  VALUATION_STATUSES,
  type ValuationStatus,
} from './valuation.entity';
import { assetFromMessage, incomeFromMessage, valuationPolicyFrom } from './valuation.mapping';

export interface StoredValuation {
  valuation: ValuationEntity;
  assets: ValuationAssetEntity[];
}

/** The valuation use cases: request (compute), read, approve (four eyes), reject, expire. */
@Injectable()
export class ValuationsService {
  constructor(
    private readonly tenancy: TenancyClient,
    private readonly comparables: ComparablesService,
    private readonly clock: Clock,
  ) {}

  async request(
    ctx: TenantHandlerContext,
    request: valuation.RequestValuationRequest,
  ): Promise<StoredValuation> {
    if (!(PURPOSES as readonly string[]).includes(request.purpose)) {
      throw invalidValuation([
        { field: 'purpose', message: `must be one of ${PURPOSES.join(', ')}` },
      ]);
    }
    const [enterprise, center] = await Promise.all([
      this.tenancy.enterprise(ctx, request.enterpriseId),
      this.tenancy.center(ctx),
    ]);
    const input: ValuationInput = {
      purpose: request.purpose as Purpose,
      referenceDate: request.referenceDate,
      assets: request.assets.map(assetFromMessage),
      income: incomeFromMessage(request.income),
      enterprise: { industry: enterprise.industry || undefined, highTech: enterprise.highTech },
    };
    throwProblems(valuationProblems(input));

    const policy = valuationPolicyFrom(center.policy);
    const comparables = await this.comparables.forValuation(ctx, input.assets);
    const result = computeValuation(input, policy, comparables);

    const id = newId();
    const now = this.clock.now();
    const holder = holderOf(ctx.actor);
    const identities = input.assets.map((a) => assetIdentity(a.kind, a.number));
    const assetKey = assetSetKey(identities);
    await this.replacePending(ctx, {
      holder,
      enterpriseId: enterprise.id,
      purpose: input.purpose,
      assetKey,
      by: id,
    });
    const stored = await this.valuations(ctx).insert({
      id,
      enterpriseId: enterprise.id,
      purpose: input.purpose,
      referenceDate: input.referenceDate,
      status: 'computed',
      currency: result.conclusion.currency,
      value: result.conclusion.value,
      low: result.conclusion.low,
      high: result.conclusion.high,
      methods: result.methods,
      score: result.score,
      assumptions: result.assumptions,
      // The figures behind it, kept with it: the policy may change later.
      parameters: {
        ...result.parameters,
        valuationValidityMonths: String(policy.valuationValidityMonths),
      },
      income: input.income ?? null,
      assetKey,
      holder,
      preparedBy: actorKey(ctx),
      preparedByPartner: ctx.actor?.kind === 'partner' ? ctx.actor.id : null,
      preparedAt: now,
      approvedBy: null,
      approvedAt: null,
      validUntil: null,
      rejectedBy: null,
      rejectionReason: null,
      supersededBy: null,
      updatedAt: now,
    });
    const assets = result.assets.map((asset, position) => {
      const source = request.assets[position];
      const domainAsset = input.assets[position];
      if (!source || !domainAsset) throw new Error('computed asset without its input');
      return {
        id: newId(),
        valuationId: id,
        position,
        kind: asset.kind,
        number: asset.number,
        identity: identities[position] ?? asset.number,
        livePledge: false,
        title: asset.title,
        patentType: domainAsset.kind === 'patent' ? domainAsset.patentType : null,
        input: toJson(valuation.AssetSchema, source) as Record<string, unknown>,
        remainingLegalYears: asset.remainingLegalYears,
        economicLifeYears: asset.economicLifeYears,
        value: asset.value,
        methods: asset.methods,
        score: asset.score,
      };
    });
    const storedAssets = await new TenantRepository(
      ctx.manager,
      ctx.tenant,
      ValuationAssetEntity,
    ).insertMany(assets);
    await ctx.emit(ValuationEvents.computed, {
      valuationId: id,
      enterpriseId: enterprise.id,
      purpose: input.purpose,
      value: stored.value,
      assetNumbers: input.assets.map((a) => a.number),
    });
    return { valuation: stored, assets: storedAssets };
  }

  async get(ctx: TenantHandlerContext, id: string): Promise<StoredValuation> {
    const found = await this.valuations(ctx).findById(id);
    if (!found || !this.visibleTo(ctx, found))
      throw notFound(ValuationErrors.VALUATION_NOT_FOUND, `valuation ${id}`);
    return { valuation: found, assets: await this.assetsOf(ctx, [found.id]) };
  }

  async list(ctx: TenantHandlerContext, request: valuation.ListValuationsRequest) {
    if (request.status && !(VALUATION_STATUSES as readonly string[]).includes(request.status)) {
      throw invalidValuation([
        { field: 'status', message: `must be one of ${VALUATION_STATUSES.join(', ')}` },
      ]);
    }
    const where = {
      ...(request.enterpriseId ? { enterpriseId: request.enterpriseId } : {}),
      ...(request.status ? { status: request.status as ValuationStatus } : {}),
      // A partner sees the valuations it asked for; staff see the center's.
      ...(ctx.actor?.kind === 'partner' ? { preparedByPartner: ctx.actor.id } : {}),
    };
    const page = await this.valuations(ctx).page(where, request.page ?? {});
    const assets = await this.assetsOf(
      ctx,
      page.items.map((v) => v.id),
    );
    return {
      items: page.items.map((v) => ({
        valuation: v,
        assets: assets.filter((a) => a.valuationId === v.id),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Four eyes, by an analyst of the center (workflow.ts). Approving replaces its holder's earlier
   * approval of the same set; a pledge valuation is refused while another valuation holds one of
   * its assets' live pledge value. The unique index on live pledges closes the race between two
   * approvals that both looked before either wrote.
   */
  async approve(ctx: TenantHandlerContext, id: string): Promise<StoredValuation> {
    const valuations = this.valuations(ctx);
    const found = await valuations.findByIdForUpdate(id);
    if (!found) throw notFound(ValuationErrors.VALUATION_NOT_FOUND, `valuation ${id}`);
    const { policy } = await this.tenancy.center(ctx);
    const validUntil = addMonths(found.referenceDate, policy.valuationValidityMonths);
    const refused = approvalRefusal(deciderOf(ctx), found, validUntil, this.clock.today());
    if (refused) throw refusalError(refused);

    const assets = await this.assetsOf(ctx, [id]);
    const sameSet = await ctx.manager
      .createQueryBuilder(ValuationEntity, 'v')
      .setLock('pessimistic_write')
      .select('v.id')
      .where(
        'v.tenant_id = :tenant AND v.holder = :holder AND v.enterprise_id = :enterprise AND v.purpose = :purpose AND v.asset_key = :key AND v.status = :approved',
        {
          tenant: ctx.tenant,
          holder: found.holder,
          enterprise: found.enterpriseId,
          purpose: found.purpose,
          key: found.assetKey,
          approved: 'approved',
        },
      )
      .getMany();
    const livePledges =
      found.purpose === 'pledge'
        ? await ctx.manager
            .createQueryBuilder(ValuationAssetEntity, 'a')
            .setLock('pessimistic_write')
            .select(['a.valuationId', 'a.identity'])
            .where('a.tenant_id = :tenant AND a.live_pledge AND a.identity IN (:...identities)', {
              tenant: ctx.tenant,
              identities: assets.map((a) => a.identity),
            })
            .getMany()
        : [];
    const plan = planApproval(
      found.purpose,
      sameSet.map((v) => v.id),
      livePledges.map((p) => ({ valuationId: p.valuationId, identity: p.identity })),
    );
    if ('reason' in plan) throw refusalError(plan);

    const now = this.clock.now();
    const assetRows = new TenantRepository(ctx.manager, ctx.tenant, ValuationAssetEntity);
    for (const replaced of plan.supersedes) {
      await valuations.update(replaced, { status: 'superseded', supersededBy: id, updatedAt: now });
      await assetRows.updateWhere({ valuationId: replaced }, { livePledge: false });
    }
    Object.assign(found, {
      status: 'approved',
      approvedBy: actorKey(ctx),
      approvedAt: now,
      validUntil,
      updatedAt: now,
    });
    await valuations.update(id, {
      status: 'approved',
      approvedBy: found.approvedBy,
      approvedAt: now,
      validUntil,
      updatedAt: now,
    });
    if (found.purpose === 'pledge') {
      try {
        await assetRows.updateWhere({ valuationId: id }, { livePledge: true });
      } catch (error) {
        if (!isUniqueViolation(error, 'valuation_assets_one_live_pledge')) throw error;
        throw refusalError({ reason: 'pledge-value-held', assets: assets.map((a) => a.identity) });
      }
      for (const asset of assets) asset.livePledge = true;
    }
    await ctx.emit(ValuationEvents.approved, {
      valuationId: id,
      enterpriseId: found.enterpriseId,
      purpose: found.purpose,
      value: found.value,
      validUntil,
      assetNumbers: assets.map((a) => a.number),
    });
    return { valuation: found, assets };
  }

  async reject(ctx: TenantHandlerContext, id: string, reason: string): Promise<StoredValuation> {
    const valuations = this.valuations(ctx);
    const found = await valuations.findByIdForUpdate(id);
    if (!found) throw notFound(ValuationErrors.VALUATION_NOT_FOUND, `valuation ${id}`);
    const refused = decisionRefusal(deciderOf(ctx), found.status);
    if (refused) throw refusalError(refused);
    if (!reason.trim()) throw invalidValuation([{ field: 'reason', message: 'must say why' }]);
    const now = this.clock.now();
    Object.assign(found, {
      status: 'rejected',
      rejectedBy: actorKey(ctx),
      rejectionReason: reason.trim(),
      updatedAt: now,
    });
    await valuations.update(id, {
      status: 'rejected',
      rejectedBy: found.rejectedBy,
      rejectionReason: found.rejectionReason,
      updatedAt: now,
    });
    return { valuation: found, assets: await this.assetsOf(ctx, [id]) };
  }

  /** Approved valuations whose validity ended before `asOf` become expired, each with its event. */
  async expireDue(ctx: TenantHandlerContext, asOf: string): Promise<number> {
    const due: ValuationEntity[] = await ctx.manager
      .createQueryBuilder(ValuationEntity, 'v')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where('v.tenant_id = :tenant AND v.status = :status AND v.valid_until < :asOf', {
        tenant: ctx.tenant,
        status: 'approved',
        asOf,
      })
      .getMany();
    const now = this.clock.now();
    const assetRows = new TenantRepository(ctx.manager, ctx.tenant, ValuationAssetEntity);
    for (const v of due) {
      await this.valuations(ctx).update(v.id, { status: 'expired', updatedAt: now });
      await assetRows.updateWhere({ valuationId: v.id }, { livePledge: false });
      await ctx.emit(ValuationEvents.expired, {
        valuationId: v.id,
        enterpriseId: v.enterpriseId,
        validUntil: v.validUntil ?? '',
      });
    }
    return due.length;
  }

  /**
   * A new request replaces its holder's pending valuation of the same set, and nothing else: not
   * an approved one, not another holder's. Identical requests queue on a transaction lock of the
   * set; the unique index of pending valuations stands behind it.
   */
  private async replacePending(
    ctx: TenantHandlerContext,
    set: { holder: string; enterpriseId: string; purpose: Purpose; assetKey: string; by: string },
  ): Promise<void> {
    await ctx.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      ['valuation-set', ctx.tenant, set.holder, set.enterpriseId, set.purpose, set.assetKey].join(
        '|',
      ),
    ]);
    await this.valuations(ctx).updateWhere(
      {
        holder: set.holder,
        enterpriseId: set.enterpriseId,
        purpose: set.purpose,
        assetKey: set.assetKey,
        status: 'computed',
      },
      { status: 'superseded', supersededBy: set.by, updatedAt: this.clock.now() },
    );
  }

  private assetsOf(
    ctx: TenantHandlerContext,
    valuationIds: string[],
  ): Promise<ValuationAssetEntity[]> {
    if (valuationIds.length === 0) return Promise.resolve([]);
    return ctx.manager.find(ValuationAssetEntity, {
      where: { tenantId: ctx.tenant, valuationId: In(valuationIds) },
      order: { position: 'ASC' },
    });
  }

  private visibleTo(ctx: TenantHandlerContext, v: ValuationEntity): boolean {
    return ctx.actor?.kind !== 'partner' || v.preparedByPartner === ctx.actor.id;
  }

  private valuations(ctx: TenantHandlerContext) {
    return new TenantRepository(ctx.manager, ctx.tenant, ValuationEntity);
  }
}

function actorKey(ctx: TenantHandlerContext): string {
  return ctx.actor ? `${ctx.actor.kind}:${ctx.actor.id}` : 'unknown';
}

function deciderOf(ctx: TenantHandlerContext): Decider {
  const actor = ctx.actor;
  return {
    kind: actor?.kind ?? 'system',
    key: actorKey(ctx),
    roles: actor?.kind === 'user' ? actor.roles : [],
  };
}

/** The workflow's refusals, as the errors a client sees. */
function refusalError(refusal: Refusal): DomainError {
  switch (refusal.reason) {
    case 'not-an-analyst':
      return new DomainError(
        ValuationErrors.APPROVER_NOT_ANALYST,
        "approving and rejecting are for the center's analysts: never a partner key or a platform admin",
      );
    case 'four-eyes':
      return new DomainError(
        ValuationErrors.FOUR_EYES,
        'the approver must not be the one who prepared the valuation',
      );
    case 'not-computed':
      return conflict(
        ValuationErrors.VALUATION_NOT_COMPUTED,
        `a ${refusal.status} valuation cannot be approved or rejected`,
      );
    case 'stale':
      return new DomainError(
        ValuationErrors.VALUATION_STALE,
        `its validity ended on ${refusal.validUntil}; value the assets again with a recent reference date`,
      );
    case 'pledge-value-held':
      return new DomainError(
        ValuationErrors.PLEDGE_VALUE_HELD,
        `another valuation holds the live pledge value of ${refusal.assets.join(', ')}; only its holder's approved revaluation replaces it, or it ends when that valuation expires`,
      );
  }
}

/** Domain problems → one error: 400 with every invalid field; only valid input can break a rule (422). */
function throwProblems(problems: ValuationProblem[]): void {
  const invalid = problems.filter((p) => !p.rule);
  if (invalid.length > 0) throw invalidValuation(invalid);
  const ruled = problems.find((p) => p.rule);
  if (ruled?.rule) {
    throw new DomainError(ruled.rule, `${ruled.field} ${ruled.message}`, {
      fields: problems.map(({ field, message }) => ({ field, message })),
    });
  }
}

function invalidValuation(problems: FieldProblem[]): DomainError {
  return invalidFields(
    problems.map(({ field, message }) => ({ field, message })),
    ValuationErrors.INVALID_VALUATION,
  );
}
