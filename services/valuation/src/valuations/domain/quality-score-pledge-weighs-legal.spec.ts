import {
  assetQualityScore,
  economicScore,
  legalScore,
  overallScore,
  technicalScore,
} from './quality-score';
import type { PatentAsset } from './types';

/*
 * A granted invention filed 2015-06-01, valued 2025-06-01 (10 of 20 years left), filed in US and
 * EP (CN itself does not count as abroad), no licence, not pledged.
 *
 *   legal = stability 90 × 0.25 + term 50 × 0.25 + status 100 × 0.15 + abroad (2 countries) 70 × 0.10
 *         + licence none 60 × 0.10 + encumbrance 100 × 0.15
 *         = 22.5 + 12.5 + 15 + 7 + 6 + 15 = 78
 *   technical = 20 × (0.3 × 4 + 0.25 × 3 + 0.25 × 5 + 0.2 × 2) = 24 + 15 + 25 + 8 = 72
 *   economic  = 20 × (0.3 × 2 + 0.25 × 1 + 0.2 × 3 + 0.25 × 4) = 12 + 5 + 12 + 20 = 49
 *
 *   pledge     (0.5/0.25/0.25): (2 × 78 + 72 + 49) / 4 = 277 / 4 = 69.25 → 69
 *   transfer   (0.25/0.25/0.5): (78 + 72 + 2 × 49) / 4 = 248 / 4 = 62
 *   investment (0.2/0.4/0.4):   (78 + 2 × 72 + 2 × 49) / 5 = 320 / 5 = 64
 *   reporting  (thirds):        (78 + 72 + 49) / 3 = 66.33 → 66
 */
const invention: PatentAsset = {
  kind: 'patent',
  number: 'ZL201510123456.1',
  title: 'Wafer bonding method',
  patentType: 'invention',
  filedOn: '2015-06-01',
  grantedOn: '2018-02-01',
  legalStatus: 'granted',
  familyCountries: ['US', 'EP', 'CN'],
  licenceStatus: 'none',
  technical: { advancement: 4, substitutability: 3, maturity: 5, scope: 2 },
  economic: { marketSize: 2, marketShare: 1, competition: 3, policyFit: 4 },
};

describe('quality score: a pledge weighs legal value highest', () => {
  it('scores legal 78, technical 72, economic 49', () => {
    expect(legalScore(invention, '2025-06-01')).toBe(78);
    expect(technicalScore(invention.technical)).toBe(72);
    expect(economicScore(invention.economic)).toBe(49);
  });

  it('overall: pledge 69, transfer 62, investment 64, reporting 66', () => {
    const parts = { legal: 78, technical: 72, economic: 49 };
    expect(overallScore(parts, 'pledge')).toBe(69);
    expect(overallScore(parts, 'transfer')).toBe(62);
    expect(overallScore(parts, 'investment')).toBe(64);
    expect(overallScore(parts, 'reporting')).toBe(66);
    expect(assetQualityScore(invention, '2025-06-01', 'pledge')).toEqual({
      score: { legal: 78, technical: 72, economic: 49, overall: 69 },
      assumption: null,
    });
  });

  it('rounds half up: (2 × 78 + 72 + 50) / 4 = 69.5 → 70', () => {
    expect(overallScore({ legal: 78, technical: 72, economic: 50 }, 'pledge')).toBe(70);
  });

  it('a point of legal value moves a pledge score more than a transfer score', () => {
    for (const legal of [20, 50, 80]) {
      const before = { legal, technical: 60, economic: 60 };
      const after = { ...before, legal: legal + 8 };
      const pledgeGain = overallScore(after, 'pledge') - overallScore(before, 'pledge');
      const transferGain = overallScore(after, 'transfer') - overallScore(before, 'transfer');
      expect(pledgeGain).toBe(4);
      expect(transferGain).toBe(2);
    }
  });

  it('an existing pledge costs (100 − 20) × 0.15 = 12 points of legal value: 66', () => {
    expect(legalScore({ ...invention, pledged: true }, '2025-06-01')).toBe(66);
  });

  it('grades status and licences: a pending utility model with an exclusive licence', () => {
    // Filed 2023-06-01 (10-year term, 8 years left on 2025-06-01), pending, 3 countries abroad:
    // 40 × 0.25 + 80 × 0.25 + 50 × 0.15 + 100 × 0.10 + 50 × 0.10 + 100 × 0.15
    // = 10 + 20 + 7.5 + 10 + 5 + 15 = 67.5 → 68
    const pending: PatentAsset = {
      ...invention,
      number: 'CN202320123456.1',
      patentType: 'utility_model',
      filedOn: '2023-06-01',
      grantedOn: undefined,
      legalStatus: 'pending',
      familyCountries: ['US', 'JP', 'KR'],
      licenceStatus: 'exclusive',
    };
    expect(legalScore(pending, '2025-06-01')).toBe(68);
    // Lapsed: 0 + 0 + 0 + 30 × 0.10 (no family) + 80 × 0.10 (non-exclusive) + 100 × 0.15 = 26.
    expect(
      legalScore(
        {
          ...invention,
          legalStatus: 'lapsed',
          familyCountries: [],
          licenceStatus: 'non_exclusive',
        },
        '2025-06-01',
      ),
    ).toBe(26);
  });
});
