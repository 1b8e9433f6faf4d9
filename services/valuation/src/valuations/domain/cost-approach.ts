import { Money } from '@tf/core';
import { ageYears, legalTermYears, remainingEconomicYears } from './remaining-life';
import type { Asset } from './types';

export type CostApproachResult =
  | {
      status: 'applied';
      /** replacementCost × remainingLife / totalLife, unrounded. */
      value: Money;
      replacementCost: Money;
      rdSpend: Money;
      filingFees: Money;
      maintenanceFees: Money;
      /** Remaining economic life, years. */
      remainingLife: Money;
      totalLife: Money;
    }
  | { status: 'skipped'; reason: string };

/**
 * Cost approach: (R&D spend + filing fees + maintenance fees) × remaining life / total life.
 *
 * The remaining life is the remaining economic life (for patents capped at the legal one), the
 * life that still earns. The total life is the legal term for patents (20, 10 or 15 years); for a
 * software copyright or know-how, which have no term, its age at the reference date plus its
 * remaining economic life.
 */
export function costApproach(asset: Asset, referenceDate: string): CostApproachResult {
  const cost = asset.replacementCost;
  if (!cost) return { status: 'skipped', reason: 'no replacement cost given' };

  const rdSpend = new Money(cost.rdSpend);
  const filingFees = new Money(cost.filingFees);
  const maintenanceFees = new Money(cost.maintenanceFees);
  const replacementCost = rdSpend.plus(filingFees).plus(maintenanceFees);
  const remainingLife = remainingEconomicYears(asset, referenceDate);
  const totalLife =
    asset.kind === 'patent'
      ? new Money(legalTermYears(asset.patentType, asset.filedOn))
      : ageYears(asset, referenceDate).plus(remainingLife);
  const value = totalLife.isZero()
    ? new Money(0)
    : replacementCost.times(remainingLife).div(totalLife);
  return {
    status: 'applied',
    value,
    replacementCost,
    rdSpend,
    filingFees,
    maintenanceFees,
    remainingLife,
    totalLife,
  };
}
