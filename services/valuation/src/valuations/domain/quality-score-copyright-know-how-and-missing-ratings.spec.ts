import { assetQualityScore, legalScore, portfolioQualityScore } from './quality-score';
import type { KnowHowAsset, SoftwareCopyrightAsset } from './types';

/*
 * No registration-grade stability and no term: legal = life still ahead × 0.5 + a neutral 50 × 0.5.
 *   copyright created 2021-01-01, 6 years left on 2025-01-01: 6 / (4 + 6) = 60% → 30 + 25 = 55
 *   know-how created 2023-01-01, 5 years left: 5 / (2 + 5) = 71.43% → 35.71 + 25 = 60.71 → 61
 * Missing ratings count as 3:
 *   technical { advancement 5 } → 6 × 5 + 5 × 3 + 5 × 3 + 4 × 3 = 72; economic none → 60
 *   reporting: (55 + 72 + 60) / 3 = 62.33 → 62
 */
const copyright: SoftwareCopyrightAsset = {
  kind: 'software_copyright',
  number: '2021SR0123456',
  title: 'Scheduling software V2.0',
  createdOn: '2021-01-01',
  economicLifeYears: '6',
  technical: { advancement: 5 },
};
const knowHow: KnowHowAsset = {
  kind: 'know_how',
  number: 'KH-007',
  title: 'Annealing recipe',
  createdOn: '2023-01-01',
  economicLifeYears: '5',
  technical: { advancement: 3, substitutability: 3, maturity: 3, scope: 3 },
  economic: { marketSize: 3, marketShare: 3, competition: 3, policyFit: 3 },
};

describe('quality score of a software copyright and know-how, with missing ratings', () => {
  it('legal value from the share of life still ahead: 55 and 61', () => {
    expect(legalScore(copyright, '2025-01-01')).toBe(55);
    expect(legalScore(knowHow, '2025-01-01')).toBe(61);
  });

  it('takes missing ratings as 3 and says so in one sentence', () => {
    expect(assetQualityScore(copyright, '2025-01-01', 'reporting')).toEqual({
      score: { legal: 55, technical: 72, economic: 60, overall: 62 },
      assumption:
        '2021SR0123456: ratings not given were taken as 3 of 5 (technical.substitutability, technical.maturity, technical.scope, economic.marketSize, economic.marketShare, economic.competition, economic.policyFit)',
    });
    expect(assetQualityScore(knowHow, '2025-01-01', 'reporting').assumption).toBeNull();
  });

  it('the portfolio score is value-weighted: (300 × 80 + 100 × 40) / 400 = 70', () => {
    const score = (n: number) => ({ legal: n, technical: n, economic: n, overall: n });
    expect(
      portfolioQualityScore([
        { score: score(80), value: '300.00' },
        { score: score(40), value: '100.00' },
      ]),
    ).toEqual(score(70));
    // Worth nothing: a simple average, (80 + 41) / 2 = 60.5 → 61.
    expect(
      portfolioQualityScore([
        { score: score(80), value: '0.00' },
        { score: score(41), value: '0.00' },
      ]),
    ).toEqual(score(61));
  });

  it('a score between the lowest and highest asset scores, for any positive values', () => {
    const score = (n: number) => ({ legal: n, technical: n, economic: n, overall: n });
    for (const [a, b] of [
      ['1.00', '1000000.00'],
      ['500.00', '500.00'],
      ['0.01', '0.00'],
    ] as const) {
      const result = portfolioQualityScore([
        { score: score(30), value: a },
        { score: score(90), value: b },
      ]);
      expect(result.overall).toBeGreaterThanOrEqual(30);
      expect(result.overall).toBeLessThanOrEqual(90);
    }
  });
});
