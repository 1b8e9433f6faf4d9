import { legalExpiry, legalTermYears, remainingLegalYears } from './remaining-life';
import type { PatentAsset } from './types';

const design = (filedOn: string): PatentAsset => ({
  kind: 'patent',
  number: 'ZL202030123456.3',
  title: 'Housing of a handheld scanner',
  patentType: 'design',
  filedOn,
  grantedOn: filedOn,
  legalStatus: 'granted',
});

describe('a design filed before and after the 2021-06-01 amendment', () => {
  it('has 10 years when filed on 2021-05-31 and 15 years from 2021-06-01', () => {
    expect(legalTermYears('design', '2021-05-31')).toBe(10);
    expect(legalTermYears('design', '2021-06-01')).toBe(15);
    expect(legalTermYears('design', '2024-01-15')).toBe(15);
  });

  it('ends on the anniversary of filing: 2031-05-31 versus 2036-06-01', () => {
    expect(legalExpiry('design', '2021-05-31')).toBe('2031-05-31');
    expect(legalExpiry('design', '2021-06-01')).toBe('2036-06-01');
  });

  it('leaves 6 years versus 11 years on 2025-06-01', () => {
    // Filed 2021-05-31, ends 2031-05-31: from 2025-06-01 that is 5 whole years to 2030-06-01,
    // then 364 of the 365 days to 2031-06-01 → 5 + 364/365.
    // Filed 2021-06-01, ends 2036-06-01: exactly 11 years.
    expect(remainingLegalYears(design('2021-05-31'), '2025-06-01').toFixed(10)).toBe(
      '5.9972602740',
    );
    expect(remainingLegalYears(design('2021-06-01'), '2025-06-01').toString()).toBe('11');
  });

  it('inventions keep 20 years and utility models 10 whatever the filing date', () => {
    for (const filedOn of ['2001-03-15', '2021-05-31', '2021-06-01']) {
      expect(legalTermYears('invention', filedOn)).toBe(20);
      expect(legalTermYears('utility_model', filedOn)).toBe(10);
    }
  });
});
