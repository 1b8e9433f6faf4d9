import { toJson } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import {
  PURPOSES,
  VALUATION_STATUSES,
  ValuationErrors,
  ValuationEvents,
  valuation,
  type ValuationStatus,
} from '@tf/contracts';
import {
  Clock,
  conflict,
  DomainError,
  invalidFields,
  isOneOf,
  isUniqueViolation,
  messageOf,
  newId,
  notFound,
  ownPartner,
  PolicyStore,
  TenancyClient,
  visibleTo,
  type FieldProblem,
  type HandlerContext,
  type TenantReads,
  type TenantWrites,
} from '@tf/platform';
import { In, LessThan } from 'typeorm';
import { ComparablesService } from '../comparables/comparables.service';
import { assetIdentity, assetSetKey } from '@tf/contracts/vocabulary';
import { computeValuation } from './domain/compute-valuation';
import type { ValuationInput, ValuationProblem } from './domain/types';
import { valuationProblems } from './domain/validate-valuation';
import {
  approvalRefusal,
  holderOf,
  planApproval,
  rejectionRefusal,
  replacedByRequest,
  validityEnd,
  type Decider,
  type Refusal,
  type ValuationSet,
} from './domain/workflow';
import { ValuationAssetEntity, ValuationEntity } from './valuation.entity';
import { assetFromMessage, incomeFromMessage, valuationMessage } from './valuation.mapping';

export interface StoredValuation {
  valuation: ValuationEntity;
  assets: ValuationAssetEntity[];
}

/**
 * The valuation use cases: request (compute), read, approve (four eyes), reject, expire. Each
 * reads and calls other services first, then writes in one unit of work that answers the request.
 */
@Injectable()
export class ValuationsService {
  constructor(
    private readonly tenancy: TenancyClient,
    private readonly comparables: ComparablesService,
    private readonly policy: PolicyStore<typeof valuation.ValuationPolicySchema>,
    private readonly clock: Clock,
  ) {}

  async request(
    ctx: HandlerContext,
    request: valuation.RequestValuationRequest,
  ): Promise<valuation.Valuation> {
    if (!isOneOf(PURPOSES, request.purpose)) {
      throw invalidValuation([
        { field: 'purpose', message: `must be one of ${PURPOSES.join(', ')}` },
      ]);
    }
    // An SME's key finds its own enterprise only (tenancy answers 404 for any other).
    const [enterprise, policy] = await Promise.all([
      this.tenancy.enterprise(ctx, request.enterpriseId),
      this.policy.of(ctx),
    ]);
    const input: ValuationInput = {
      purpose: request.purpose,
      referenceDate: request.referenceDate,
      assets: request.assets.map(assetFromMessage),
      income: incomeFromMessage(request.income),
      enterprise: { industry: enterprise.industry, highTech: enterprise.highTech },
    };
    throwProblems(valuationProblems(input));
    const comparables = await ctx.read((tx) => this.comparables.forValuation(tx, input.assets));
    const result = computeValuation(input, policy, comparables);
    const holder = holderOf(ctx.actor);
    const identities = input.assets.map((a) => assetIdentity(a.kind, a.number));
    const assetKey = assetSetKey(identities);

    return ctx.unitOfWork(async (tx) => {
      const id = newId();
      const now = this.clock.now();
      await this.replacePending(
        tx,
        { holder, enterpriseId: enterprise.id, purpose: input.purpose, assetKey },
        id,
      );
      const stored = await tx.rows(ValuationEntity).insert({
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
        parameters: Object.assign({}, result.parameters, {
          valuationValidityMonths: String(policy.valuationValidityMonths),
        }),
        income: input.income ?? null,
        assetKey,
        holder,
        preparedBy: actorKey(tx),
        preparedByPartner: tx.actor?.kind === 'partner' ? tx.actor.id : null,
        preparedAt: now,
        approvedBy: null,
        approvedAt: null,
        validUntil: null,
        rejectedBy: null,
        rejectionReason: null,
        supersededBy: null,
        updatedAt: now,
      });
      const assets = await tx.rows(ValuationAssetEntity).insertMany(
        result.assets.map((asset, position) => {
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
        }),
      );
      await tx.emit(ValuationEvents.computed, {
        valuationId: id,
        enterpriseId: enterprise.id,
        purpose: input.purpose,
        value: stored.value,
        assetNumbers: input.assets.map((a) => a.number),
      });
      return valuationMessage(stored, assets);
    });
  }

  async get(tx: TenantReads, id: string): Promise<valuation.Valuation> {
    const { valuation: found, assets } = await this.find(tx, id);
    return valuationMessage(found, assets);
  }

  /** A valuation the caller may see: a partner sees the ones it asked for, staff the center's. */
  async find(tx: TenantReads, id: string): Promise<StoredValuation> {
    const found = await tx.rows(ValuationEntity).findById(id);
    if (!found || !visibleTo(tx.actor, found.preparedByPartner))
      throw notFound(ValuationErrors.VALUATION_NOT_FOUND, `valuation ${id}`);
    return { valuation: found, assets: await assetsOf(tx, [found.id]) };
  }

  async list(
    tx: TenantReads,
    request: valuation.ListValuationsRequest,
  ): Promise<valuation.ListValuationsResponse> {
    const status = request.status;
    if (status !== undefined && !isOneOf(VALUATION_STATUSES, status)) {
      throw invalidValuation([
        { field: 'status', message: `must be one of ${VALUATION_STATUSES.join(', ')}` },
      ]);
    }
    // A partner sees the valuations it asked for; staff see the center's.
    const partner = ownPartner(tx.actor);
    const page = await tx
      .rows(ValuationEntity)
      .page(
        Object.assign(
          {},
          request.enterpriseId ? { enterpriseId: request.enterpriseId } : {},
          status ? { status: status as ValuationStatus } : {},
          partner ? { preparedByPartner: partner } : {},
        ),
        request.page,
      );
    const assets = await assetsOf(
      tx,
      page.items.map((v) => v.id),
    );
    return messageOf(valuation.ListValuationsResponseSchema, {
      items: page.items.map((v) =>
        valuationMessage(
          v,
          assets.filter((a) => a.valuationId === v.id),
        ),
      ),
      page: { nextCursor: page.nextCursor },
    });
  }

  /**
   * Four eyes, by an analyst of the center (workflow.ts). Approving replaces its holder's earlier
   * approval of the same set; a pledge valuation is refused while another valuation holds one of
   * its assets' live pledge value. The unique index on live pledges closes the race between two
   * approvals that both looked before either wrote.
   */
  async approve(ctx: HandlerContext, id: string): Promise<valuation.Valuation> {
    const policy = await this.policy.of(ctx);
    return ctx.unitOfWork(async (tx) => {
      const found = await tx.rows(ValuationEntity).findByIdForUpdate(id);
      if (!found || !visibleTo(tx.actor, found.preparedByPartner))
        throw notFound(ValuationErrors.VALUATION_NOT_FOUND, `valuation ${id}`);
      const validUntil = validityEnd(found.referenceDate, policy.valuationValidityMonths);
      const refused = approvalRefusal(deciderOf(tx), found, validUntil, this.clock.today());
      if (refused) throw refusalError(refused);

      const assets = await assetsOf(tx, [id]);
      const sameSet = await tx
        .rows(ValuationEntity)
        .findForUpdate(Object.assign({}, setOf(found), { status: 'approved' as const }));
      const livePledges =
        found.purpose === 'pledge'
          ? await tx.rows(ValuationAssetEntity).findForUpdate({
              livePledge: true,
              identity: In(assets.map((a) => a.identity)),
            })
          : [];
      const plan = planApproval(
        found.purpose,
        sameSet.map((v) => v.id),
        livePledges.map((p) => ({ valuationId: p.valuationId, identity: p.identity })),
      );
      if ('reason' in plan) throw refusalError(plan);

      const now = this.clock.now();
      for (const replaced of plan.supersedes) {
        await tx.rows(ValuationEntity).update(replaced, {
          status: 'superseded',
          supersededBy: id,
          updatedAt: now,
        });
        await tx
          .rows(ValuationAssetEntity)
          .updateWhere({ valuationId: replaced }, { livePledge: false });
      }
      Object.assign(found, {
        status: 'approved',
        approvedBy: actorKey(tx),
        approvedAt: now,
        validUntil,
        updatedAt: now,
      });
      await tx.rows(ValuationEntity).update(id, {
        status: 'approved',
        approvedBy: found.approvedBy,
        approvedAt: now,
        validUntil,
        updatedAt: now,
      });
      if (found.purpose === 'pledge') {
        try {
          await tx
            .rows(ValuationAssetEntity)
            .updateWhere({ valuationId: id }, { livePledge: true });
        } catch (error) {
          if (!isUniqueViolation(error, 'valuation_assets_one_live_pledge')) throw error;
          throw refusalError({
            reason: 'pledge-value-held',
            assets: assets.map((a) => a.identity),
          });
        }
        for (const asset of assets) asset.livePledge = true;
      }
      await tx.emit(ValuationEvents.approved, {
        valuationId: id,
        enterpriseId: found.enterpriseId,
        purpose: found.purpose,
        value: found.value,
        validUntil,
        assetNumbers: assets.map((a) => a.number),
      });
      return valuationMessage(found, assets);
    });
  }

  async reject(tx: TenantWrites, id: string, reason: string): Promise<valuation.Valuation> {
    const valuations = tx.rows(ValuationEntity);
    const found = await valuations.findByIdForUpdate(id);
    if (!found || !visibleTo(tx.actor, found.preparedByPartner))
      throw notFound(ValuationErrors.VALUATION_NOT_FOUND, `valuation ${id}`);
    const refused = rejectionRefusal(deciderOf(tx), found.status, reason);
    if (refused) throw refusalError(refused);
    const now = this.clock.now();
    Object.assign(found, {
      status: 'rejected',
      rejectedBy: actorKey(tx),
      rejectionReason: reason.trim(),
      updatedAt: now,
    });
    await valuations.update(id, {
      status: 'rejected',
      rejectedBy: found.rejectedBy,
      rejectionReason: found.rejectionReason,
      updatedAt: now,
    });
    return valuationMessage(found, await assetsOf(tx, [id]));
  }

  /**
   * Approved valuations whose validity ended before `asOf` become expired, their pledge values
   * end, each with its event. Rows another replica's sweep holds are skipped, not waited for.
   */
  async expireDue(tx: TenantWrites, asOf: string): Promise<number> {
    // hasExpired(validUntil, asOf) of workflow.ts, as a query.
    const due = await tx
      .rows(ValuationEntity)
      .findForUpdate({ status: 'approved', validUntil: LessThan(asOf) }, { skipLocked: true });
    const now = this.clock.now();
    for (const v of due) {
      await tx.rows(ValuationEntity).update(v.id, { status: 'expired', updatedAt: now });
      await tx.rows(ValuationAssetEntity).updateWhere({ valuationId: v.id }, { livePledge: false });
      if (!v.validUntil) throw new Error(`approved valuation ${v.id} has no validUntil`);
      await tx.emit(ValuationEvents.expired, {
        valuationId: v.id,
        enterpriseId: v.enterpriseId,
        validUntil: v.validUntil,
      });
    }
    return due.length;
  }

  /**
   * A new request replaces its holder's pending valuation of the same set, and nothing else: not
   * an approved one, not another holder's. Identical requests queue on a transaction lock of the
   * set; the unique index of pending valuations stands behind it.
   */
  private async replacePending(tx: TenantWrites, set: ValuationSet, by: string): Promise<void> {
    await tx.lock('valuation-set', set.holder, set.enterpriseId, set.purpose, set.assetKey);
    await tx.rows(ValuationEntity).updateWhere(replacedByRequest(set), {
      status: 'superseded',
      supersededBy: by,
      updatedAt: this.clock.now(),
    });
  }
}

function assetsOf(tx: TenantReads, valuationIds: string[]): Promise<ValuationAssetEntity[]> {
  if (valuationIds.length === 0) return Promise.resolve([]);
  return tx
    .rows(ValuationAssetEntity)
    .find({ valuationId: In(valuationIds) }, { order: { position: 'ASC' } });
}

function setOf(v: ValuationEntity): ValuationSet {
  return {
    holder: v.holder,
    enterpriseId: v.enterpriseId,
    purpose: v.purpose,
    assetKey: v.assetKey,
  };
}

function actorKey(tx: TenantReads): string {
  return tx.actor ? `${tx.actor.kind}:${tx.actor.id}` : 'unknown';
}

function deciderOf(tx: TenantReads): Decider {
  const actor = tx.actor;
  return {
    kind: actor?.kind ?? 'system',
    key: actorKey(tx),
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
    case 'no-reason':
      return invalidValuation([{ field: 'reason', message: 'must say why' }]);
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
