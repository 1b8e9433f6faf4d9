import { Money } from '@tf/core';
import { legalExpiry, remainingLegalYears, yearsBetween } from './remaining-life';
import type { PatentAsset } from './types';

describe('a patent filed on a leap day, 2020-02-29', () => {
  it('ends on 2040-02-29 (invention, a leap year) and 2030-02-28 (utility model)', () => {
    // Civil Code art. 202: no 29 February in 2030, so the period ends on the month's last day.
    expect(legalExpiry('invention', '2020-02-29')).toBe('2040-02-29');
    expect(legalExpiry('utility_model', '2020-02-29')).toBe('2030-02-28');
  });

  it('counts its anniversaries on 28 February in common years', () => {
    // 2020-02-29 → 2021-02-28 is one whole year; 2021-03-01 is 1 day into the next 365-day year.
    expect(yearsBetween('2020-02-29', '2021-02-28').toString()).toBe('1');
    expect(yearsBetween('2020-02-29', '2021-03-01').toFixed(10)).toBe('1.0027397260');
    // 2024-02-29 is the 4th anniversary.
    expect(yearsBetween('2020-02-29', '2024-02-29').toString()).toBe('4');
  });

  it('counts the fraction over the 366 days of a year containing 29 February', () => {
    // 2023-03-01 → 2024-03-01 has 366 days; 2023-03-01 → 2023-08-31 is 183 of them: 0.5.
    expect(yearsBetween('2023-03-01', '2023-08-31').toString()).toBe('0.5');
  });

  it('leaves the utility model 4 years + 364/365 on 2025-03-01', () => {
    // Ends 2030-02-28. From 2025-03-01: 4 anniversaries to 2029-03-01, then 2029-03-01 →
    // 2030-02-28 is 364 of the 365 days to 2030-03-01.
    const asset: PatentAsset = {
      kind: 'patent',
      number: 'ZL202020123456.8',
      title: 'Clamp',
      patentType: 'utility_model',
      filedOn: '2020-02-29',
      grantedOn: '2020-09-01',
      legalStatus: 'granted',
    };
    expect(remainingLegalYears(asset, '2025-03-01').toFixed(10)).toBe('4.9972602740');
    expect(remainingLegalYears(asset, '2030-02-28').toString()).toBe('0');
    expect(remainingLegalYears(asset, '2031-01-01').toString()).toBe('0');
  });

  it('years add up: from→mid + mid→to = from→to on whole anniversaries', () => {
    for (const [from, mid, to] of [
      ['2020-02-29', '2024-02-29', '2031-02-28'],
      ['2019-07-15', '2021-07-15', '2030-07-15'],
    ] as const) {
      expect(yearsBetween(from, mid).plus(yearsBetween(mid, to)).toString()).toBe(
        yearsBetween(from, to).toString(),
      );
    }
  });

  it('is 0 when the end is not after the start', () => {
    expect(yearsBetween('2025-01-01', '2025-01-01').equals(new Money(0))).toBe(true);
    expect(yearsBetween('2025-01-02', '2025-01-01').toString()).toBe('0');
  });
});
