import { Injectable } from '@nestjs/common';
import { PATENT_TYPES, TradingEvents, type trading } from '@tf/contracts';
import { isOneOf, newId, OnEvent, type EventContext, type TenantReads } from '@tf/platform';
import { In } from 'typeorm';
import type { Asset, Comparable, PatentType } from '../valuations/domain/types';
import { ComparableEntity } from './comparable.entity';

/**
 * The market approach's comparables: every patent sold in a closed deal on the trading service
 * (trade-deal-closed). A redelivered event changes nothing (inbox, and a unique row per asset).
 */
@Injectable()
export class ComparablesService {
  @OnEvent(TradingEvents.tradeDealClosed)
  async recordDeal(deal: trading.TradeDealClosed, ctx: EventContext): Promise<void> {
    const rows = deal.assets
      .filter(
        (a) => isOneOf(PATENT_TYPES, a.patentType) && a.ipcClass && a.price && a.remainingLifeYears,
      )
      .map((a) => ({
        id: newId(),
        dealId: deal.dealId,
        assetNumber: a.number,
        patentType: a.patentType as PatentType,
        ipcClass: a.ipcClass,
        price: a.price,
        remainingLifeYears: a.remainingLifeYears,
        closedOn: deal.closedOn,
      }));
    // A deal already recorded (by its id) is left as it is.
    await ctx.rows(ComparableEntity).insertMany(rows, { ignoreDuplicates: true });
  }

  /** The center's comparables of the patent types in this portfolio. */
  async forValuation(tx: TenantReads, assets: Asset[]): Promise<Comparable[]> {
    const types = [...new Set(assets.flatMap((a) => (a.kind === 'patent' ? [a.patentType] : [])))];
    if (types.length === 0) return [];
    const rows = await tx
      .rows(ComparableEntity)
      .find({ patentType: In(types) }, { order: { closedOn: 'DESC' }, take: 5000 });
    return rows.map(({ dealId, patentType, ipcClass, price, remainingLifeYears, closedOn }) => ({
      dealId,
      patentType,
      ipcClass,
      price,
      remainingLifeYears,
      closedOn,
    }));
  }
}
