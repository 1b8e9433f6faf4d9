import { assetIdentity, type trading } from '@tf/contracts';
import { smeScope, type Actor } from '@tf/platform';

/**
 * The listing search, one statement: PostgreSQL shows this center's rows and those shared with
 * it (its policies), and a shared listing is never shared with its own center, so "not shared
 * with us" is "ours". Words of the title match anywhere (LIKE's wildcards in them escaped); an
 * asset number matches its patent whatever its notation. Partners see the published listings and
 * their own; staff ($10) all of their center's. A keyset page in id (creation) order.
 */
export const LISTING_SEARCH_SQL = `SELECT l.id FROM trading.listings l
  WHERE ($1::boolean OR NOT (current_setting('app.tenant_id', true) = ANY (l.shared_with)))
    AND ($2::text IS NULL OR l.status = $2)
    AND ($3::text IS NULL OR l.deal_type = $3)
    AND ($4::text IS NULL OR l.mode = $4)
    AND ($5::uuid IS NULL OR l.seller_enterprise_id = $5)
    AND ($6::text IS NULL
         OR l.title ILIKE '%' || replace(replace(replace($6, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
         OR EXISTS (SELECT 1 FROM trading.listing_assets a WHERE a.listing_id = l.id AND a.identity = $7))
    AND ($8::text IS NULL OR EXISTS (SELECT 1 FROM trading.listing_assets a WHERE a.listing_id = l.id AND a.patent_type = $8))
    AND ($9::text IS NULL OR EXISTS (SELECT 1 FROM trading.listing_assets a WHERE a.listing_id = l.id AND a.ipc_class = $9))
    AND ($10::boolean OR l.listed_at IS NOT NULL OR l.listed_by_partner = $11 OR l.seller_enterprise_id = $12)
    AND ($13::uuid IS NULL OR l.id > $13)
  ORDER BY l.id LIMIT $14`;

/** The search's values, in its parameters' order; one more row than the page, to know of a next. */
export function listingSearchValues(
  request: Omit<trading.ListListingsRequest, '$typeName' | 'page'>,
  actor: Actor | undefined,
  page: { limit: number; after?: string },
): unknown[] {
  const q = request.q?.trim() || null;
  return [
    request.includeShared,
    request.status ?? null,
    request.dealType ?? null,
    request.mode ?? null,
    request.sellerEnterpriseId ?? null,
    q,
    q ? assetIdentity('patent', q) : null,
    request.patentType ?? null,
    request.ipcClass ?? null,
    actor?.kind === 'user',
    actor?.kind === 'partner' ? actor.id : null,
    smeScope(actor)?.enterpriseId ?? null,
    page.after ?? null,
    page.limit + 1,
  ];
}
