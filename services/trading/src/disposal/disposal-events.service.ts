import { Injectable } from '@nestjs/common';
import { CreditEvents, assetIdentity, type credit } from '@tf/contracts';
import { Clock, OnEvent, sumMoney, type EventContext } from '@tf/platform';
import { In } from 'typeorm';
import { disposalReserve } from '../listings/domain/deal-terms';
import type { CheckedListing } from '../listings/domain/listing-inputs';
import { ListingAssetEntity, ListingEntity } from '../listings/listing.entity';
import { ListingsService } from '../listings/listings.service';

/**
 * A defaulted loan's pledged rights go on sale (DOMAIN.md "The chain", 3): credit's loan-defaulted
 * opens a disposal auction of them, listed at once (the default is the decision), with a reserve of
 * their pledge value less the policy's haircut. Its sale publishes collateral-sold. Runs in the
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
    const policy = await this.listings.policyOf({ tenant: ctx.tenant, read: (work) => work(ctx) });
    const now = this.clock.now();
    // A registered right that is not a patent is a software copyright: know-how cannot be pledged.
    const assets = event.pledgedAssets.map((pledged) => {
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
        reviewNote: `withdrawn: the rights are sold by the disposal of defaulted loan ${event.loanId}`,
      });
      await this.listings.releaseAssets(ctx, listingId);
    }
    const checked: CheckedListing = {
      title: `Disposal of the rights pledged to defaulted loan ${event.loanId}`,
      dealType: 'transfer',
      assets,
      mode: 'auction',
      askingPrice: null,
      reservePrice: disposalReserve(
        sumMoney(event.pledgedAssets.map((a) => a.value)).toFixed(2),
        policy.disposalHaircut,
      ),
      increment: policy.minimumIncrement,
      endsAt: new Date(now.getTime() + policy.disposalAuctionDays * 86_400_000),
    };
    const { listing } = await this.listings.insert(ctx, checked, {
      sellerEnterpriseId: event.enterpriseId,
      valuationId: event.pledgedAssets[0]?.valuationId ?? null,
      referencePrice: sumMoney(event.pledgedAssets.map((a) => a.value)).toFixed(2),
      status: 'listed',
      broker: 'center',
      disposalLoanId: event.loanId,
      disposalGuaranteeId: event.guaranteeId ?? null,
      listedAt: now,
    });
    await this.listings.announce(ctx, listing);
  }
}
