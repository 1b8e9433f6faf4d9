import { TradingErrors } from '@tf/contracts';
import { DomainError, hasRole, smeScope, type Actor } from '@tf/platform';
import type { ListingEntity } from './listing.entity';

/**
 * Who does what on the exchange. Sellers' keys (a broker's, a university's, an SME's for its own
 * enterprise) and the center's staff list; the center's analysts review and close; its staff
 * share and settle. Any partner key of the listing's center, or of a center it is shared with,
 * may bid or offer, except the seller's side. Platform admins take no business decision of a
 * center.
 */
export function assertReviewer(actor: Actor | undefined): void {
  if (!hasRole(actor, 'analyst'))
    throw new DomainError(
      TradingErrors.LISTINGS_NOT_REVIEWER,
      "reviewing and closing listings is for the center's analysts",
    );
}

export function assertCenterStaff(actor: Actor | undefined): void {
  if (!hasRole(actor, 'analyst', 'center-admin'))
    throw new DomainError(
      TradingErrors.LISTINGS_NOT_REVIEWER,
      "sharing listings and settling deals is for the center's staff",
    );
}

export function isCenterStaff(actor: Actor | undefined): boolean {
  return hasRole(actor, 'analyst', 'center-admin', 'auditor');
}

/**
 * Who reads all of a center's market: its staff, and the platform admin acting in it (the
 * gateway lets the platform admin read everywhere, X-Tenant-Id naming the center). Reading only:
 * the platform admin answers no offer and takes no decision (isCenterStaff).
 */
export function isCenterReader(actor: Actor | undefined): boolean {
  return isCenterStaff(actor) || hasRole(actor, 'platform-admin');
}

/** A lister is a partner key or an analyst / center-admin; an auditor only reads. */
export function assertLister(actor: Actor | undefined): void {
  if (actor?.kind !== 'partner' && !hasRole(actor, 'analyst', 'center-admin'))
    throw new DomainError(
      TradingErrors.LISTINGS_NOT_WRITER,
      "listings are made by sellers' keys and the center's staff",
    );
}

/**
 * The seller's side of a listing: the key that listed it, an SME key of the selling enterprise,
 * or (for withdrawing and answering offers on its behalf) the center's staff in its own center.
 */
export function isSellerSide(actor: Actor | undefined, listing: ListingEntity): boolean {
  if (actor?.kind !== 'partner') return false;
  if (listing.listedByPartner === actor.id) return true;
  return smeScope(actor)?.enterpriseId === listing.sellerEnterpriseId;
}

/**
 * Whether the caller sees the listing: the center's staff and the seller's side always; other
 * partners once it has been published (a listing under review or refused is the seller's
 * business). A caller of a center it is shared with is a partner (staff work their own center).
 */
export function canSeeListing(
  actor: Actor | undefined,
  listing: ListingEntity,
  sameCenter: boolean,
): boolean {
  if (sameCenter && isCenterReader(actor)) return true;
  if (actor?.kind !== 'partner') return false;
  if (isSellerSide(actor, listing)) return sameCenter;
  return listing.listedAt !== null;
}
