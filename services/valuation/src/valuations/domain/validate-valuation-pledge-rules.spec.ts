import type { Asset, PatentAsset, ValuationInput } from './types';
import { valuationProblems, VALUATION_RULES } from './validate-valuation';

const patent = (overrides: Partial<PatentAsset> = {}): PatentAsset => ({
  kind: 'patent',
  number: 'ZL201910123456.X',
  title: 'Wafer bonding method',
  patentType: 'invention',
  filedOn: '2019-03-01',
  grantedOn: '2021-08-10',
  legalStatus: 'granted',
  ...overrides,
});

const pledge = (
  assets: Asset[],
  purpose: ValuationInput['purpose'] = 'pledge',
): ValuationInput => ({
  purpose,
  referenceDate: '2025-06-30',
  assets,
  income: { annualRevenue: ['1000000'] },
  enterprise: { highTech: false },
});

describe('pledge rules (422): only live, granted, registered rights can be pledged', () => {
  it('refuses a patent whose term ended: "expired on 2025-05-01"', () => {
    // A utility model filed 2015-05-01 ends 2025-05-01, before the reference date 2025-06-30.
    const expired = patent({
      number: 'ZL201520123456.7',
      patentType: 'utility_model',
      filedOn: '2015-05-01',
      grantedOn: '2015-12-01',
    });
    expect(valuationProblems(pledge([expired]))).toEqual([
      {
        field: 'assets.0',
        message: 'expired on 2025-05-01: an expired patent cannot be pledged',
        rule: VALUATION_RULES.expiredPatentPledge,
      },
    ]);
  });

  it('treats the expiry day itself as expired, the day before as live', () => {
    // Utility model filed 2015-06-30 ends 2025-06-30 = the reference date; filed 2015-07-01 ends a day later.
    const onTheDay = patent({
      number: 'ZL201520123456.7',
      patentType: 'utility_model',
      filedOn: '2015-06-30',
      grantedOn: '2016-01-01',
    });
    const dayAfter = patent({
      number: 'ZL201520123457.1',
      patentType: 'utility_model',
      filedOn: '2015-07-01',
      grantedOn: '2016-01-01',
    });
    expect(
      valuationProblems(pledge([onTheDay, dayAfter])).map((p) => [p.field, p.rule?.type]),
    ).toEqual([['assets.0', 'expired-patent-pledge']]);
  });

  it('refuses a lapsed patent, a pending application and know-how', () => {
    const assets: Asset[] = [
      patent({ legalStatus: 'lapsed' }),
      patent({
        number: 'CN202310123456.6',
        filedOn: '2023-01-01',
        grantedOn: undefined,
        legalStatus: 'pending',
      }),
      {
        kind: 'know_how',
        number: 'KH-7',
        title: 'Annealing recipe',
        createdOn: '2020-01-01',
        economicLifeYears: '5',
      },
      {
        kind: 'software_copyright',
        number: '2021SR0123456',
        title: 'App',
        createdOn: '2021-01-01',
        economicLifeYears: '5',
      },
    ];
    expect(valuationProblems(pledge(assets))).toEqual([
      {
        field: 'assets.0',
        message: 'lapsed: a lapsed patent cannot be pledged',
        rule: VALUATION_RULES.expiredPatentPledge,
      },
      {
        field: 'assets.1',
        message: 'pending: a patent application cannot be pledged until it is granted',
        rule: VALUATION_RULES.ungrantedPatentPledge,
      },
      {
        field: 'assets.2',
        message: 'know-how cannot be pledged: only registered rights (patents, copyrights) can be',
        rule: VALUATION_RULES.unpledgeableAsset,
      },
    ]);
  });

  it('applies to pledges only: the same assets can be valued for a transfer', () => {
    const assets: Asset[] = [
      patent({ legalStatus: 'lapsed' }),
      {
        kind: 'know_how',
        number: 'KH-7',
        title: 'Annealing recipe',
        createdOn: '2020-01-01',
        economicLifeYears: '5',
      },
    ];
    for (const purpose of ['transfer', 'investment', 'reporting'] as const) {
      expect(valuationProblems(pledge(assets, purpose))).toEqual([]);
    }
  });
});
