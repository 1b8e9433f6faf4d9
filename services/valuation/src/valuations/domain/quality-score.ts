import { Money, sumMoney } from '@tf/core';
import type { DecimalInput } from './format';
import {
  ageYears,
  legalTermYears,
  remainingEconomicYears,
  remainingLegalYears,
} from './remaining-life';
import type {
  Asset,
  EconomicRatings,
  LicenceStatus,
  PatentAsset,
  Purpose,
  QualityScore,
  TechnicalRatings,
} from './types';

/**
 * A quality score in the structure of GB/T 42748-2023 (patent evaluation guidelines): legal,
 * technical and economic value, each 0-100 in whole numbers (half-up), and an overall score that
 * weighs the three by the purpose of the valuation.
 */

/** Ratings not given count as the middle of the 1-5 scale. */
export const DEFAULT_RATING = 3;

const TECHNICAL_WEIGHTS: Record<keyof TechnicalRatings, string> = {
  advancement: '0.3',
  substitutability: '0.25',
  maturity: '0.25',
  scope: '0.2',
};

const ECONOMIC_WEIGHTS: Record<keyof EconomicRatings, string> = {
  marketSize: '0.3',
  marketShare: '0.25',
  competition: '0.2',
  policyFit: '0.25',
};

/** Overall = (legal × l + technical × t + economic × e) / (l + t + e), as exact small integers. */
export const PURPOSE_WEIGHTS: Record<
  Purpose,
  { legal: number; technical: number; economic: number }
> = {
  pledge: { legal: 2, technical: 1, economic: 1 }, // 0.5 / 0.25 / 0.25: the lender holds the right
  transfer: { legal: 1, technical: 1, economic: 2 }, // 0.25 / 0.25 / 0.5: the buyer pays for the market
  investment: { legal: 1, technical: 2, economic: 2 }, // 0.2 / 0.4 / 0.4
  reporting: { legal: 1, technical: 1, economic: 1 }, // equal thirds
};

const LICENCE_POINTS: Record<LicenceStatus, number> = {
  none: 60,
  non_exclusive: 80,
  sole: 70,
  exclusive: 50,
};

function wholeScore(value: Money): number {
  const clamped = Money.min(Money.max(value, 0), 100);
  return clamped.toDecimalPlaces(0, Money.ROUND_HALF_UP).toNumber();
}

function stabilityPoints(asset: PatentAsset): number {
  switch (asset.legalStatus) {
    case 'granted':
      return asset.patentType === 'invention' ? 90 : 60;
    case 'pending':
      return 40;
    case 'lapsed':
      return 0;
  }
}

function statusPoints(asset: PatentAsset): number {
  switch (asset.legalStatus) {
    case 'granted':
      return 100;
    case 'pending':
      return 50;
    case 'lapsed':
      return 0;
  }
}

/** Distinct countries other than China where family members are filed. */
export function countriesAbroad(familyCountries: readonly string[] | undefined): number {
  const abroad = new Set(
    (familyCountries ?? []).map((c) => c.trim().toUpperCase()).filter((c) => c && c !== 'CN'),
  );
  return abroad.size;
}

function abroadPoints(countries: number): number {
  if (countries === 0) return 30;
  return countries <= 2 ? 70 : 100;
}

/**
 * Legal value.
 *
 * Patents: stability × 0.25 + remaining term (remaining legal / legal term × 100) × 0.25 + legal
 * status × 0.15 + filings abroad × 0.10 + licence status × 0.10 + encumbrance × 0.15.
 *
 * Software copyright and know-how have no examined registration to grade for stability nor a term
 * to run down, so their legal value is the share of their life still ahead,
 * remaining economic / (age + remaining economic) × 100, weighted 0.5, plus a neutral 50 × 0.5.
 */
export function legalScore(asset: Asset, referenceDate: string): number {
  if (asset.kind !== 'patent') {
    const remaining = remainingEconomicYears(asset, referenceDate);
    const total = ageYears(asset, referenceDate).plus(remaining);
    const lifeShare = total.isZero() ? new Money(0) : remaining.div(total).times(100);
    return wholeScore(lifeShare.times('0.5').plus(25));
  }
  const term = legalTermYears(asset.patentType, asset.filedOn);
  const remainingTerm = remainingLegalYears(asset, referenceDate).div(term).times(100);
  return wholeScore(
    sumMoney([
      new Money(stabilityPoints(asset)).times('0.25'),
      Money.min(remainingTerm, 100).times('0.25'),
      new Money(statusPoints(asset)).times('0.15'),
      new Money(abroadPoints(countriesAbroad(asset.familyCountries))).times('0.10'),
      new Money(LICENCE_POINTS[asset.licenceStatus ?? 'none']).times('0.10'),
      new Money(asset.pledged ? 20 : 100).times('0.15'),
    ]),
  );
}

function ratedScore<K extends string>(
  ratings: Partial<Record<K, number>> | undefined,
  weights: Record<K, string>,
): number {
  const parts = (Object.keys(weights) as K[]).map((key) =>
    new Money((ratings?.[key] ?? DEFAULT_RATING) * 20).times(weights[key]),
  );
  return wholeScore(sumMoney(parts));
}

/** Technical value: rating × 20, weighted advancement 0.3, substitutability 0.25, maturity 0.25, scope 0.2. */
export function technicalScore(ratings?: Partial<TechnicalRatings>): number {
  return ratedScore(ratings, TECHNICAL_WEIGHTS);
}

/** Economic value: rating × 20, weighted market size 0.3, share 0.25, competition 0.2, policy fit 0.25. */
export function economicScore(ratings?: Partial<EconomicRatings>): number {
  return ratedScore(ratings, ECONOMIC_WEIGHTS);
}

/** Weighs the three (already whole) scores by purpose. */
export function overallScore(
  parts: Pick<QualityScore, 'legal' | 'technical' | 'economic'>,
  purpose: Purpose,
): number {
  const w = PURPOSE_WEIGHTS[purpose];
  const weighted =
    parts.legal * w.legal + parts.technical * w.technical + parts.economic * w.economic;
  return wholeScore(new Money(weighted).div(w.legal + w.technical + w.economic));
}

/** The rating names not given, e.g. ["technical.scope", "economic.competition"]. */
export function missingRatings(asset: Asset): string[] {
  const missing = (group: string, keys: string[], given: object | undefined) =>
    keys
      .filter((key) => (given as Record<string, unknown> | undefined)?.[key] === undefined)
      .map((key) => `${group}.${key}`);
  return [
    ...missing('technical', Object.keys(TECHNICAL_WEIGHTS), asset.technical),
    ...missing('economic', Object.keys(ECONOMIC_WEIGHTS), asset.economic),
  ];
}

export interface AssetScore {
  score: QualityScore;
  /** One sentence naming the ratings taken as 3, or null when all were given. */
  assumption: string | null;
}

export function assetQualityScore(
  asset: Asset,
  referenceDate: string,
  purpose: Purpose,
): AssetScore {
  const legal = legalScore(asset, referenceDate);
  const technical = technicalScore(asset.technical);
  const economic = economicScore(asset.economic);
  const missing = missingRatings(asset);
  return {
    score: {
      legal,
      technical,
      economic,
      overall: overallScore({ legal, technical, economic }, purpose),
    },
    assumption:
      missing.length === 0
        ? null
        : `${asset.number}: ratings not given were taken as ${DEFAULT_RATING} of 5 (${missing.join(', ')})`,
  };
}

/**
 * The portfolio score: each of the four figures averaged over the assets weighted by their
 * concluded values; a simple average when the portfolio is worth 0.
 */
export function portfolioQualityScore(
  assets: readonly { score: QualityScore; value: DecimalInput }[],
): QualityScore {
  const total = sumMoney(assets.map((a) => new Money(a.value)));
  const weightOf = (value: DecimalInput) => (total.isZero() ? new Money(1) : new Money(value));
  const denominator = total.isZero() ? new Money(assets.length) : total;
  const average = (field: keyof QualityScore): number =>
    denominator.isZero()
      ? 0
      : wholeScore(
          sumMoney(assets.map((a) => weightOf(a.value).times(a.score[field]))).div(denominator),
        );
  return {
    legal: average('legal'),
    technical: average('technical'),
    economic: average('economic'),
    overall: average('overall'),
  };
}
