import { Injectable } from '@nestjs/common';
import type { valuation } from '@tf/contracts';
import {
  Clock,
  invalidInput,
  isUuid,
  sumMoney,
  formatMoney,
  type TenantHandlerContext,
} from '@tf/platform';
import { assetIdentity } from '../valuations/domain/asset-identity';
import { ValuationAssetEntity, ValuationEntity } from '../valuations/valuation.entity';

/** Credit asks by number, without the kind: a number that reads as a patent is one. */
const patentOrOther = (number: string) => assetIdentity('patent', number);

interface PledgeRow {
  valuation_id: string;
  number: string;
  identity: string;
  kind: string;
  patent_type: string | null;
  value: string;
  valid_until: string;
}

/**
 * What credit and guarantee may lend against: only approved pledge valuations still valid on the
 * day asked about (DOMAIN.md: "only approved, unexpired valuations count as pledge value").
 */
@Injectable()
export class PledgeValuesService {
  constructor(private readonly clock: Clock) {}

  async pledgeValue(
    ctx: TenantHandlerContext,
    request: valuation.PledgeValueRequest,
  ): Promise<Omit<valuation.PledgeValueResponse, '$typeName'>> {
    const asOf = request.asOf || this.clock.today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw invalidInput('asOf', 'must be a date YYYY-MM-DD');
    if (request.valuationIds.length === 0 && request.assetNumbers.length === 0) {
      throw invalidInput('valuationIds', 'name valuations, or asset numbers');
    }
    const byValuation = request.valuationIds.length > 0;
    const rows = byValuation
      ? await this.byValuation(ctx, request.valuationIds.filter(isUuid), asOf)
      : await this.byAsset(ctx, request.assetNumbers.map(patentOrOther), asOf);
    // An asset asked for as "ZL…" is found by its identity, and reported as asked.
    const found = new Set(rows.map((r) => (byValuation ? r.valuation_id : r.identity)));
    const asked = byValuation ? request.valuationIds : request.assetNumbers;
    const key = (asked: string) => (byValuation ? asked : patentOrOther(asked));
    return {
      totalValue: formatMoney(sumMoney(rows.map((r) => r.value))),
      currency: 'CNY',
      items: rows.map((r) => ({
        $typeName: 'tf.valuation.v1.PledgeValueItem' as const,
        valuationId: r.valuation_id,
        assetNumber: r.number,
        kind: r.kind,
        patentType: r.patent_type ?? '',
        value: formatMoney(r.value),
        validUntil: r.valid_until,
      })),
      missing: [...new Set(asked)].filter((a) => !found.has(key(a))),
    };
  }

  private byValuation(
    ctx: TenantHandlerContext,
    ids: string[],
    asOf: string,
  ): Promise<PledgeRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.approvedAssets(ctx, asOf)
      .andWhere('v.id IN (:...ids)', { ids })
      .orderBy('v.id')
      .addOrderBy('a.position')
      .getRawMany<PledgeRow>();
  }

  /** Each asset's live pledge value (one at most: a unique index says so). */
  private byAsset(
    ctx: TenantHandlerContext,
    identities: string[],
    asOf: string,
  ): Promise<PledgeRow[]> {
    return this.approvedAssets(ctx, asOf)
      .andWhere('a.identity IN (:...identities)', { identities })
      .orderBy('a.identity')
      .getRawMany<PledgeRow>();
  }

  private approvedAssets(ctx: TenantHandlerContext, asOf: string) {
    return ctx.manager
      .createQueryBuilder(ValuationAssetEntity, 'a')
      .innerJoin(ValuationEntity, 'v', 'v.id = a.valuation_id AND v.tenant_id = a.tenant_id')
      .select([
        'a.valuation_id AS valuation_id',
        'a.number AS number',
        'a.identity AS identity',
        'a.kind AS kind',
        'a.patent_type AS patent_type',
        'a.value AS value',
      ])
      .addSelect(`to_char(v.valid_until, 'YYYY-MM-DD')`, 'valid_until')
      .where('a.tenant_id = :tenant', { tenant: ctx.tenant })
      .andWhere(
        `a.live_pledge AND v.status = 'approved' AND v.purpose = 'pledge' AND v.valid_until >= :asOf`,
        { asOf },
      );
  }
}
