import { Money } from '@tf/core';
import { remainingLegalYears } from './remaining-life';
import type { Asset, Comparable } from './types';

export const MIN_COMPARABLES = 3;
export const NO_COMPARABLES_REASON = 'no comparable deals yet (fed by the trading service)';

/** "H01L 23/00" → "H01L": the first 4 characters, spaces ignored, upper case. */
export function ipcSubclass(ipcClass: string): string {
  return ipcClass.replace(/\s+/g, '').slice(0, 4).toUpperCase();
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly Money[]): Money {
  if (values.length === 0) throw new RangeError('the median of no values');
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as Money;
  return sorted.length % 2 === 1 ? upper : (sorted[middle - 1] as Money).plus(upper).div(2);
}

export interface AdjustedComparable {
  dealId: string;
  price: Money;
  remainingLifeYears: Money;
  /** price × subject remaining life / comparable remaining life. */
  adjustedPrice: Money;
}

export type MarketApproachResult =
  | {
      status: 'applied';
      /** Median of the adjusted prices, unrounded. */
      value: Money;
      subclass: string;
      /** The subject's remaining legal life, like for like with the comparables' figure. */
      subjectRemainingYears: Money;
      comparables: AdjustedComparable[];
    }
  | { status: 'skipped'; reason: string };

const KIND_LABELS = { software_copyright: 'software copyright', know_how: 'know-how' } as const;

/**
 * Market approach: closed deals for the same patent type and IPC subclass, each price scaled by
 * the subject's remaining legal life over the sold patent's; the value is the median. Deals closed
 * after the reference date were not known on it, and deals with no remaining life cannot be
 * scaled: both are left out.
 */
export function marketApproach(
  asset: Asset,
  referenceDate: string,
  comparables: readonly Comparable[],
): MarketApproachResult {
  if (comparables.length === 0) return { status: 'skipped', reason: NO_COMPARABLES_REASON };
  if (asset.kind !== 'patent') {
    return {
      status: 'skipped',
      reason: `comparable deals are patent deals, and this is ${KIND_LABELS[asset.kind]}`,
    };
  }
  const subclass = asset.ipcClass ? ipcSubclass(asset.ipcClass) : '';
  if (subclass.length < 4) {
    return { status: 'skipped', reason: 'no IPC class given to match comparable deals on' };
  }

  const subjectRemainingYears = remainingLegalYears(asset, referenceDate);
  const matches: AdjustedComparable[] = comparables
    .filter(
      (deal) =>
        deal.patentType === asset.patentType &&
        ipcSubclass(deal.ipcClass) === subclass &&
        deal.closedOn.slice(0, 10) <= referenceDate &&
        new Money(deal.remainingLifeYears).greaterThan(0),
    )
    .map((deal) => {
      const price = new Money(deal.price);
      const remainingLifeYears = new Money(deal.remainingLifeYears);
      return {
        dealId: deal.dealId,
        price,
        remainingLifeYears,
        adjustedPrice: price.times(subjectRemainingYears).div(remainingLifeYears),
      };
    });

  if (matches.length < MIN_COMPARABLES) {
    const found = matches.length === 1 ? '1 comparable deal' : `${matches.length} comparable deals`;
    return {
      status: 'skipped',
      reason:
        `${found} for ${asset.patentType.replace('_', ' ')} patents in IPC subclass ${subclass} ` +
        `by the reference date; at least ${MIN_COMPARABLES} are needed`,
    };
  }
  return {
    status: 'applied',
    value: median(matches.map((m) => m.adjustedPrice)),
    subclass,
    subjectRemainingYears,
    comparables: matches,
  };
}
