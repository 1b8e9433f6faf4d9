import { trading } from '@tf/contracts';
import { messageOf } from '@tf/platform';
import { nextMinimumBid } from './domain/auction';
import type { ListingAssetEntity, ListingEntity } from './listing.entity';

/** A listing as the API shows it; `sameCenter` false hides what only its own center sees. */
export function listingMessage(
  listing: ListingEntity,
  assets: ListingAssetEntity[],
  sameCenter = true,
): trading.Listing {
  const biddable = listing.mode === 'auction' && listing.status === 'listed';
  return messageOf(trading.ListingSchema, {
    id: listing.id,
    tenant: listing.tenantId,
    title: listing.title,
    sellerEnterpriseId: listing.sellerEnterpriseId,
    assets: assets.map((a) => ({
      kind: a.kind,
      number: a.number,
      title: a.title,
      patentType: a.patentType ?? undefined,
      ipcClass: a.ipcClass ?? undefined,
      expiresOn: a.expiresOn ?? undefined,
    })),
    dealType: listing.dealType,
    pricing: {
      mode: listing.mode,
      askingPrice: listing.askingPrice ?? undefined,
      reservePrice: listing.reservePrice ?? undefined,
      increment: listing.increment ?? undefined,
      endsAt: listing.endsAt ?? undefined,
    },
    status: listing.status,
    valuationId: listing.valuationId ?? undefined,
    referencePrice: listing.referencePrice ?? undefined,
    bestBid: listing.bestBid ?? undefined,
    bidCount: listing.bidCount,
    nextMinimumBid: biddable
      ? nextMinimumBid({ increment: listing.increment!, bestBid: listing.bestBid }).toFixed(2)
      : undefined,
    sharedWith: sameCenter ? listing.sharedWith : [],
    disposalLoanId: listing.disposalLoanId ?? undefined,
    disposalGuaranteeId: listing.disposalGuaranteeId ?? undefined,
    dealId: listing.dealId ?? undefined,
    listedBy: sameCenter ? listing.listedBy : '',
    reviewedBy: sameCenter ? (listing.reviewedBy ?? undefined) : undefined,
    reviewNote: sameCenter ? (listing.reviewNote ?? undefined) : undefined,
    createdAt: listing.createdAt,
    listedAt: listing.listedAt ?? undefined,
    closedAt: listing.closedAt ?? undefined,
  });
}
