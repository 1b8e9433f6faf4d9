import { toJson } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { ValuationEvents, valuation } from '@tf/contracts';
import {
  addMonths,
  Clock,
  conflict,
  DomainError,
  forbidden,
  newId,
  notFound,
  ruleViolation,
  TenancyClient,
  TenantRepository,
  type FieldProblem,
  type TenantHandlerContext,
} from '@tf/platform';
import { In } from 'typeorm';
import { ComparablesService } from '../comparables/comparables.service';
import { computeValuation } from './domain/compute-valuation';
import { PURPOSES, type Purpose, type ValuationInput, type ValuationProblem } from './domain/types';
import { valuationProblems } from './domain/validate-valuation';
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
      throw invalid([{ field: 'purpose', message: `must be one of ${PURPOSES.join(', ')}` }]);
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
    const assetKey = [...input.assets.map((a) => a.number)].sort().join('|');
    const valuations = this.valuations(ctx);
    await this.supersede(ctx, {
      enterpriseId: enterprise.id,
      purpose: input.purpose,
      assetKey,
      by: id,
    });
    const stored = await valuations.insert({
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
    const assetRows = new TenantRepository(ctx.manager, ctx.tenant, ValuationAssetEntity);
    const assets: ValuationAssetEntity[] = [];
    for (const [position, asset] of result.assets.entries()) {
      const source = request.assets[position];
      if (!source) throw new Error('computed asset without its input');
      const domainAsset = input.assets[position];
      assets.push(
        await assetRows.insert({
          id: newId(),
          valuationId: id,
          position,
          kind: asset.kind,
          number: asset.number,
          title: asset.title,
          patentType: domainAsset?.kind === 'patent' ? domainAsset.patentType : null,
          input: toJson(valuation.AssetSchema, source) as Record<string, unknown>,
          remainingLegalYears: asset.remainingLegalYears,
          economicLifeYears: asset.economicLifeYears,
          value: asset.value,
          methods: asset.methods,
          score: asset.score,
        }),
      );
    }
    await ctx.emit(ValuationEvents.computed, {
      valuationId: id,
      enterpriseId: enterprise.id,
      purpose: input.purpose,
      value: stored.value,
      assetNumbers: input.assets.map((a) => a.number),
    });
    return { valuation: stored, assets };
  }

  async get(ctx: TenantHandlerContext, id: string): Promise<StoredValuation> {
    const found = await this.valuations(ctx).findById(id);
    if (!found || !this.visibleTo(ctx, found)) throw notFound('valuation', id);
    return { valuation: found, assets: await this.assetsOf(ctx, [found.id]) };
  }

  async list(ctx: TenantHandlerContext, request: valuation.ListValuationsRequest) {
    if (request.status && !(VALUATION_STATUSES as readonly string[]).includes(request.status)) {
      throw invalid([
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

  /** Four eyes: an analyst who did not prepare it; never a partner key. */
  async approve(ctx: TenantHandlerContext, id: string): Promise<StoredValuation> {
    const valuations = this.valuations(ctx);
    const found = await valuations.findByIdForUpdate(id);
    if (!found) throw notFound('valuation', id);
    if (ctx.actor?.kind !== 'user')
      throw forbidden('only center staff approve valuations', 'APPROVER_NOT_STAFF');
    if (found.preparedBy === actorKey(ctx)) {
      throw ruleViolation(
        'four-eyes',
        'the approver must not be the one who prepared the valuation',
      );
    }
    if (found.status !== 'computed')
      throw conflict('VALUATION_NOT_COMPUTED', `a ${found.status} valuation cannot be approved`);
    const { policy } = await this.tenancy.center(ctx);
    const validUntil = addMonths(found.referenceDate, policy.valuationValidityMonths);
    if (validUntil < this.clock.today()) {
      throw ruleViolation(
        'valuation-stale',
        `its validity ended on ${validUntil}; value the assets again with a recent reference date`,
      );
    }
    const now = this.clock.now();
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
    const assets = await this.assetsOf(ctx, [id]);
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
    if (!found) throw notFound('valuation', id);
    if (ctx.actor?.kind !== 'user')
      throw forbidden('only center staff reject valuations', 'APPROVER_NOT_STAFF');
    if (!reason.trim()) throw invalid([{ field: 'reason', message: 'must say why' }]);
    if (found.status !== 'computed')
      throw conflict('VALUATION_NOT_COMPUTED', `a ${found.status} valuation cannot be rejected`);
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
    for (const v of due) {
      await this.valuations(ctx).update(v.id, { status: 'expired', updatedAt: now });
      await ctx.emit(ValuationEvents.expired, {
        valuationId: v.id,
        enterpriseId: v.enterpriseId,
        validUntil: v.validUntil ?? '',
      });
    }
    return due.length;
  }

  private async supersede(
    ctx: TenantHandlerContext,
    set: { enterpriseId: string; purpose: Purpose; assetKey: string; by: string },
  ): Promise<void> {
    await ctx.manager
      .createQueryBuilder()
      .update(ValuationEntity)
      .set({ status: 'superseded', supersededBy: set.by, updatedAt: this.clock.now() })
      .where(
        'tenant_id = :tenant AND enterprise_id = :enterprise AND purpose = :purpose AND asset_key = :key AND status IN (:...statuses)',
        {
          tenant: ctx.tenant,
          enterprise: set.enterpriseId,
          purpose: set.purpose,
          key: set.assetKey,
          statuses: ['computed', 'approved'],
        },
      )
      .execute();
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

/** Domain problems → one error: 400 with every invalid field; only valid input can break a rule (422). */
function throwProblems(problems: ValuationProblem[]): void {
  const invalidFields = problems.filter((p) => !p.rule);
  if (invalidFields.length > 0)
    throw invalid(invalidFields.map(({ field, message }) => ({ field, message })));
  const ruled = problems.find((p) => p.rule);
  if (ruled?.rule) {
    throw new DomainError(
      ruled.rule.toUpperCase().replace(/-/g, '_'),
      422,
      `${ruled.field} ${ruled.message}`,
      {
        rule: ruled.rule,
        fields: problems.map(({ field, message }) => ({ field, message })),
      },
    );
  }
}

function invalid(fields: FieldProblem[]): DomainError {
  return new DomainError(
    'INVALID_VALUATION',
    400,
    fields.map((f) => `${f.field} ${f.message}`).join('; '),
    { fields },
  );
}
