import { economicLife, remainingEconomicYears, remainingLegalYears } from './remaining-life';
import type { KnowHowAsset, PatentAsset, SoftwareCopyrightAsset } from './types';

// An invention filed 2015-04-01: its term ends 2035-04-01, so on 2025-04-01 it has 10 years left.
const invention = (overrides: Partial<PatentAsset> = {}): PatentAsset => ({
  kind: 'patent',
  number: 'ZL201510123456.1',
  title: 'Wafer bonding method',
  patentType: 'invention',
  filedOn: '2015-04-01',
  grantedOn: '2018-02-01',
  legalStatus: 'granted',
  ...overrides,
});

describe('remaining economic life capped at the remaining legal life', () => {
  it('keeps a given life shorter than the legal one: 6.5 of 10', () => {
    expect(
      remainingEconomicYears(invention({ economicLifeYears: '6.5' }), '2025-04-01').toString(),
    ).toBe('6.5');
    expect(economicLife(invention({ economicLifeYears: '6.5' }), '2025-04-01').basis).toBe('given');
  });

  it('caps a given life longer than the legal one: 12 → 10', () => {
    const life = economicLife(invention({ economicLifeYears: '12' }), '2025-04-01');
    expect(life.years.toString()).toBe('10');
    expect(life.basis).toBe('capped-at-legal');
  });

  it('takes the legal life when none is given', () => {
    const life = economicLife(invention(), '2025-04-01');
    expect(life.years.toString()).toBe('10');
    expect(life.basis).toBe('legal');
  });

  it('is 0 for a lapsed patent and once the term has ended', () => {
    expect(remainingLegalYears(invention({ legalStatus: 'lapsed' }), '2025-04-01').toString()).toBe(
      '0',
    );
    expect(
      remainingEconomicYears(
        invention({ legalStatus: 'lapsed', economicLifeYears: '5' }),
        '2025-04-01',
      ).toString(),
    ).toBe('0');
    expect(
      remainingEconomicYears(invention({ economicLifeYears: '5' }), '2035-04-01').toString(),
    ).toBe('0');
  });

  it('a pending application runs its term from filing too', () => {
    expect(
      remainingLegalYears(
        invention({ legalStatus: 'pending', grantedOn: undefined }),
        '2025-04-01',
      ).toString(),
    ).toBe('10');
  });

  it('software copyright and know-how have the given life and no legal life', () => {
    const copyright: SoftwareCopyrightAsset = {
      kind: 'software_copyright',
      number: '2021SR0123456',
      title: 'Scheduling software V2.0',
      createdOn: '2021-01-01',
      economicLifeYears: '7.25',
    };
    const knowHow: KnowHowAsset = {
      kind: 'know_how',
      number: 'KH-007',
      title: 'Annealing recipe',
      createdOn: '2019-01-01',
      economicLifeYears: '3',
    };
    expect(economicLife(copyright, '2025-04-01')).toMatchObject({
      basis: 'given',
      legalYears: null,
    });
    expect(remainingEconomicYears(copyright, '2025-04-01').toString()).toBe('7.25');
    expect(remainingEconomicYears(knowHow, '2025-04-01').toString()).toBe('3');
  });
});
