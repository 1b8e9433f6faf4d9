import { Injectable } from '@nestjs/common';
import { valuation } from '@tf/contracts';
import {
  Clock,
  formatMoney,
  invalidInput,
  isUuid,
  messageOf,
  sumMoney,
  type TenantReads,
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
 * What credit and guarantee may lend against: each asset's live pledge value, from an approved
 * pledge valuation still valid on the day asked about (DOMAIN.md: "only approved, unexpired
 * valuations count as pledge value"; one per asset, by a unique index).
 */
@Injectable()
export class PledgeValuesService {
  constructor(private readonly clock: Clock) {}

  /** The reply's shape is held to ValuationRpc.pledgeValue by its handler. */
  async pledgeValue(tx: TenantReads, request: valuation.PledgeValueRequest) {
    const asOf = request.asOf ?? this.clock.today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw invalidInput('asOf', 'must be a date YYYY-MM-DD');
    if (request.valuationIds.length === 0 && request.assetNumbers.length === 0) {
      throw invalidInput('valuationIds', 'name valuations, or asset numbers');
    }
    const byValuation = request.valuationIds.length > 0;
    const ids = request.valuationIds.filter(isUuid);
    const live = this.liveAssets(tx, asOf);
    const rows = byValuation
      ? ids.length === 0
        ? []
        : await live
            .andWhere('a.valuationId IN (:...ids)', { ids })
            .orderBy('a.valuationId')
            .addOrderBy('a.position')
            .getRawMany<PledgeRow>()
      : await live
          .andWhere('a.identity IN (:...identities)', {
            identities: request.assetNumbers.map(patentOrOther),
          })
          .orderBy('a.identity')
          .getRawMany<PledgeRow>();
    // An asset asked for as "ZL…" is found by its identity, and reported as asked.
    const found = new Set(rows.map((r) => (byValuation ? r.valuation_id : r.identity)));
    const asked = byValuation ? request.valuationIds : request.assetNumbers;
    const key = (name: string) => (byValuation ? name : patentOrOther(name));
    return messageOf(valuation.PledgeValueResponseSchema, {
      totalValue: formatMoney(sumMoney(rows.map((r) => r.value))),
      currency: 'CNY',
      items: rows.map((r) => ({
        valuationId: r.valuation_id,
        assetNumber: r.number,
        kind: r.kind,
        patentType: r.patent_type,
        value: formatMoney(r.value),
        validUntil: r.valid_until,
      })),
      missing: [...new Set(asked)].filter((name) => !found.has(key(name))),
    });
  }

  private liveAssets(tx: TenantReads, asOf: string) {
    return tx
      .rows(ValuationAssetEntity)
      .query('a')
      .innerJoin(ValuationEntity, 'v', 'v.id = a.valuationId')
      .select([
        'a.valuation_id AS valuation_id',
        'a.number AS number',
        'a.identity AS identity',
        'a.kind AS kind',
        'a.patent_type AS patent_type',
        'a.value AS value',
      ])
      .addSelect(`to_char(v.valid_until, 'YYYY-MM-DD')`, 'valid_until')
      .andWhere(
        `a.livePledge AND v.status = 'approved' AND v.purpose = 'pledge' AND v.validUntil >= :asOf`,
        { asOf },
      );
  }
}
