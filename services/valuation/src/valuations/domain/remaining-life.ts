import { Money } from '@tf/core';
import { addYears, anniversary, dayNumber, parseDate } from './dates';
import type { Asset, KnowHowAsset, PatentAsset, PatentType, SoftwareCopyrightAsset } from './types';

/** The 2020 Patent Law amendment gave designs 15 years for applications filed from this day. */
export const DESIGN_15_YEAR_TERM_FROM = '2021-06-01';

/** Legal term in whole years, counted from the filing date (Patent Law art. 42). */
export function legalTermYears(patentType: PatentType, filedOn: string): number {
  switch (patentType) {
    case 'invention':
      return 20;
    case 'utility_model':
      return 10;
    case 'design':
      return dayNumber(parseDate(filedOn)) >= dayNumber(parseDate(DESIGN_15_YEAR_TERM_FROM))
        ? 15
        : 10;
  }
}

/**
 * The day the term ends: the filing date's anniversary after the legal term (a 29 February filing
 * ends on 28 February in a common year). From this day on the remaining legal life is 0.
 */
export function legalExpiry(patentType: PatentType, filedOn: string): string {
  return addYears(filedOn, legalTermYears(patentType, filedOn));
}

/**
 * Years from `from` to `to`, actual/actual: the whole anniversaries of `from` that `to` has
 * reached, plus the days since the last one over the days from it to the next (365 or 366).
 * 0 when `to` is not after `from`.
 */
export function yearsBetween(from: string, to: string): Money {
  const start = parseDate(from);
  const end = dayNumber(parseDate(to));
  if (end <= dayNumber(start)) return new Money(0);
  let whole = parseDate(to).year - start.year;
  if (dayNumber(anniversary(start, whole)) > end) whole -= 1;
  const last = dayNumber(anniversary(start, whole));
  const next = dayNumber(anniversary(start, whole + 1));
  return new Money(whole).plus(new Money(end - last).div(next - last));
}

/** Remaining legal life at the reference date: 0 when lapsed or when the term has ended. */
export function remainingLegalYears(asset: PatentAsset, referenceDate: string): Money {
  if (asset.legalStatus === 'lapsed') return new Money(0);
  return yearsBetween(referenceDate, legalExpiry(asset.patentType, asset.filedOn));
}

/** Age of a copyright or know-how at the reference date, from its creation. */
export function ageYears(
  asset: SoftwareCopyrightAsset | KnowHowAsset,
  referenceDate: string,
): Money {
  return yearsBetween(asset.createdOn, referenceDate);
}

/**
 * How the remaining economic life was set: as given, capped at the remaining legal life, or taken
 * as the remaining legal life because none was given (patents only).
 */
export type EconomicLifeBasis = 'given' | 'capped-at-legal' | 'legal';

export interface EconomicLife {
  years: Money;
  basis: EconomicLifeBasis;
  /** Remaining legal life for patents; null for assets without a legal term. */
  legalYears: Money | null;
}

export function economicLife(asset: Asset, referenceDate: string): EconomicLife {
  switch (asset.kind) {
    case 'patent': {
      const legalYears = remainingLegalYears(asset, referenceDate);
      if (asset.economicLifeYears === undefined) {
        return { years: legalYears, basis: 'legal', legalYears };
      }
      const given = new Money(asset.economicLifeYears);
      return given.greaterThan(legalYears)
        ? { years: legalYears, basis: 'capped-at-legal', legalYears }
        : { years: given, basis: 'given', legalYears };
    }
    case 'software_copyright':
    case 'know_how':
      return { years: new Money(asset.economicLifeYears), basis: 'given', legalYears: null };
  }
}

/**
 * Remaining economic life: for patents the given life capped at the remaining legal life (the
 * legal life when none is given); for software copyright and know-how the given life.
 */
export function remainingEconomicYears(asset: Asset, referenceDate: string): Money {
  return economicLife(asset, referenceDate).years;
}
