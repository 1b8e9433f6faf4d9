import { Injectable } from '@nestjs/common';
import {
  CreditEvents,
  GuaranteeEvents,
  assetIdentity,
  type credit,
  type guarantee,
} from '@tf/contracts';
import { Clock, OnEvent, sumMoney, type EventContext } from '@tf/platform';
import { In } from 'typeorm';
import { disposalReserve } from '../listings/domain/deal-terms';
import type { CheckedListing } from '../listings/domain/listing-inputs';
import { ListingAssetEntity, ListingEntity } from '../listings/listing.entity';
import { ListingsService } from '../listings/listings.service';

/** Rights sold to recover a default, each at the pledge value it was taken at. */
interface PledgedRight {
  valuationId: string;
  assetNumber: string;
  patentType?: string;
  value: string;
}

/** Whose default a disposal recovers, and whose rights it sells. */
interface Disposal {
  loanId: string;
  guaranteeId?: string;
  enterpriseId: string;
  rights: PledgedRight[];
  /** Who held the pledge: says in the title whose sale it is. */
  pledgee: string;
}

/**
 * A default's pledged rights go on sale (DOMAIN.md "The chain", 3). Two pledgees sell:
 * - the bank, for an IP-pledge loan: credit's loan-defaulted names the loan's collateral;
 * - the guarantee institution, for a guaranteed loan: guarantee-claimed names the counter-
 *   guarantees it took, which it sells to recover what it paid (the sale names the guarantee).
 * Either opens a disposal auction at once (the default is the decision), with a reserve of the
 * rights' pledge value less the policy's haircut; its sale publishes collateral-sold. Runs in the
 * inbox's transaction: a redelivered event opens nothing twice.
 */
@Injectable()
export class DisposalEvents {
  constructor(
    private readonly listings: ListingsService,
    private readonly clock: Clock,
  ) {}

  @OnEvent(CreditEvents.loanDefaulted, { when: (event) => event.pledgedAssets.length > 0 })
  async loanDefaulted(event: credit.LoanDefaulted, ctx: EventContext): Promise<void> {
    await this.open(ctx, {
      loanId: event.loanId,
      ...(event.guaranteeId ? { guaranteeId: event.guaranteeId } : {}),
      enterpriseId: event.enterpriseId,
      rights: event.pledgedAssets,
      pledgee: `pledged to defaulted loan ${event.loanId}`,
    });
  }

  @OnEvent(GuaranteeEvents.claimed, {
    when: (event) => event.counterGuaranteedAssets.length > 0,
  })
  async guaranteeClaimed(event: guarantee.GuaranteeClaimed, ctx: EventContext): Promise<void> {
    await this.open(ctx, {
      loanId: event.loanId,
      guaranteeId: event.guaranteeId,
      enterpriseId: event.enterpriseId,
      rights: event.counterGuaranteedAssets,
      pledgee: `counter-guaranteeing claimed guarantee ${event.guaranteeId}`,
    });
  }

  private async open(ctx: EventContext, disposal: Disposal): Promise<void> {
    const policy = await this.listings.policyOf({ tenant: ctx.tenant, read: (work) => work(ctx) });
    const now = this.clock.now();
    // A registered right that is not a patent is a software copyright: know-how cannot be pledged.
    const assets = disposal.rights.map((pledged) => {
      const kind = pledged.patentType ? ('patent' as const) : ('software_copyright' as const);
      return {
        kind,
        number: pledged.assetNumber,
        title: pledged.assetNumber,
        patentType: pledged.patentType as CheckedListing['assets'][number]['patentType'],
        identity: assetIdentity(kind, pledged.assetNumber),
      };
    });
    // The pledgee's sale comes first: an open listing of the same rights by their owner ends.
    const held = await ctx
      .rows(ListingAssetEntity)
      .find({ identity: In(assets.map((a) => a.identity)), open: true });
    for (const listingId of new Set(held.map((a) => a.listingId))) {
      await ctx.rows(ListingEntity).update(listingId, {
        status: 'withdrawn',
        closedAt: now,
        reviewNote: `withdrawn: the rights are sold by the disposal of defaulted loan ${disposal.loanId}`,
      });
      await this.listings.releaseAssets(ctx, listingId);
    }
    const pledgeValue = sumMoney(disposal.rights.map((a) => a.value)).toFixed(2);
    const checked: CheckedListing = {
      title: `Disposal of the rights ${disposal.pledgee}`,
      dealType: 'transfer',
      assets,
      mode: 'auction',
      askingPrice: null,
      reservePrice: disposalReserve(pledgeValue, policy.disposalHaircut),
      increment: policy.minimumIncrement,
      endsAt: new Date(now.getTime() + policy.disposalAuctionDays * 86_400_000),
    };
    const { listing } = await this.listings.insert(ctx, checked, {
      sellerEnterpriseId: disposal.enterpriseId,
      valuationId: disposal.rights[0]?.valuationId ?? null,
      referencePrice: pledgeValue,
      status: 'listed',
      broker: 'center',
      disposalLoanId: disposal.loanId,
      disposalGuaranteeId: disposal.guaranteeId ?? null,
      listedAt: now,
    });
    await this.listings.announce(ctx, listing);
  }
}
