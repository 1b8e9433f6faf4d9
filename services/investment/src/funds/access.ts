import { InvestmentErrors } from '@tf/contracts';
import { DomainError, hasRole, type HandlerContext } from '@tf/platform';

/**
 * Who does what with the center's fund: its admin sets funds up and records their partners and
 * cash flows; its analysts work the deals and the holdings; committee members vote. Partner keys
 * (a fund manager's) only read, and platform admins take no business decision of a center.
 */
export function assertFundAdmin(ctx: Pick<HandlerContext, 'actor'>): void {
  if (!hasRole(ctx.actor, 'center-admin'))
    throw new DomainError(
      InvestmentErrors.FUNDS_NOT_ADMIN,
      "setting up funds, their limited partners and cash flows is for the center's admin",
    );
}

export function assertDealAnalyst(ctx: Pick<HandlerContext, 'actor'>): void {
  if (!hasRole(ctx.actor, 'analyst'))
    throw new DomainError(
      InvestmentErrors.DEALS_NOT_ANALYST,
      "working deals and holdings is for the center's analysts",
    );
}
