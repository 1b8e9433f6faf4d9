import { Injectable } from '@nestjs/common';
import { valuation } from '@tf/contracts';
import {
  Clock,
  formatMoney,
  invalidInput,
  isIsoDate,
  isUuid,
  messageOf,
  sumMoney,
  type TenantReads,
} from '@tf/platform';
import { assetIdentity } from '@tf/contracts/vocabulary';

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
  enterprise_id: string;
}

/**
 * The live pledge values on a day ($1): approved pledge valuations still valid then. A join the
 * repositories cannot say, so plain SQL: row-level security keeps it to the request's center.
 */
export const LIVE_PLEDGES = `SELECT a.valuation_id, a.number, a.identity, a.kind, a.patent_type, a.value,
    to_char(v.valid_until, 'YYYY-MM-DD') AS valid_until, v.enterprise_id
  FROM valuation.valuation_assets a JOIN valuation.valuations v ON v.id = a.valuation_id
  WHERE a.live_pledge AND v.status = 'approved' AND v.purpose = 'pledge' AND v.valid_until >= $1`;

/** The live pledges of valuations by id ($2), in their order. */
export const PLEDGES_OF_VALUATIONS = `${LIVE_PLEDGES} AND a.valuation_id = ANY($2::uuid[]) ORDER BY a.valuation_id, a.position`;

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
    if (!isIsoDate(asOf)) throw invalidInput('asOf', 'must be a date YYYY-MM-DD');
    if (request.valuationIds.length === 0 && request.assetNumbers.length === 0) {
      throw invalidInput('valuationIds', 'name valuations, or asset numbers');
    }
    const byValuation = request.valuationIds.length > 0;
    const ids = request.valuationIds.filter(isUuid);
    const rows = byValuation
      ? ids.length === 0
        ? []
        : await tx.sql<PledgeRow>(PLEDGES_OF_VALUATIONS, [asOf, ids])
      : await tx.sql<PledgeRow>(
          `${LIVE_PLEDGES} AND a.identity = ANY($2::text[]) ORDER BY a.identity`,
          [asOf, request.assetNumbers.map(patentOrOther)],
        );
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
        enterpriseId: r.enterprise_id,
        identity: r.identity,
      })),
      missing: [...new Set(asked)].filter((name) => !found.has(key(name))),
    });
  }
}
