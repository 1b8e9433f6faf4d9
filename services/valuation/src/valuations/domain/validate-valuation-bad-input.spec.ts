import { patentCheckCharacter } from '@tf/contracts/vocabulary';
import type { Asset, PatentAsset, ValuationInput } from './types';
import { MAX_ASSETS, VALUATION_RULES, valuationProblems } from './validate-valuation';

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

const valid = (overrides: Partial<ValuationInput> = {}): ValuationInput => ({
  purpose: 'transfer',
  referenceDate: '2025-06-30',
  assets: [patent(), patent({ number: 'ZL202020123456.8', patentType: 'utility_model' })],
  income: { annualRevenue: ['1000000', '1200000.50'], royaltyRate: '0.03', discountRate: '0.15' },
  enterprise: { industry: 'electronics', highTech: true },
  ...overrides,
});

/** Only field and message (and rule) matter; order follows the input. */
const problemsOf = (input: unknown) => valuationProblems(input as ValuationInput);

/** A patent number with its right check character (the count is what this test is about). */
const numbered = (digits: string) => `ZL${digits}.${patentCheckCharacter(digits)}`;

describe('valuation input: what is rejected and how it is named', () => {
  it('finds nothing wrong with a valid request', () => {
    expect(problemsOf(valid())).toEqual([]);
  });

  it('needs 1 to 200 assets', () => {
    expect(problemsOf(valid({ assets: [] }))).toEqual([
      { field: 'assets', message: 'must list 1 to 200 assets' },
    ]);
    const many: Asset[] = Array.from({ length: MAX_ASSETS + 1 }, (_, i) =>
      patent({ number: numbered(`2019101${String(i).padStart(5, '0')}`) }),
    );
    expect(problemsOf(valid({ assets: many }))).toEqual([
      { field: 'assets', message: 'at most 200 assets per valuation; 201 were given' },
    ]);
    const exactly200 = many.slice(0, MAX_ASSETS);
    expect(problemsOf(valid({ assets: exactly200 }))).toEqual([]);
  });

  it('names dates that are not real, after the reference date, or out of order', () => {
    expect(
      problemsOf(
        valid({
          referenceDate: '2025-06-30',
          assets: [
            patent({ filedOn: '2023-02-29' }),
            patent({
              number: 'ZL201910123457.4',
              filedOn: '2025-07-01',
              grantedOn: undefined,
              legalStatus: 'pending',
            }),
            patent({ number: 'ZL201910123458.9', grantedOn: '2019-02-28' }),
            patent({ number: 'ZL201910123459.3', grantedOn: undefined }),
            patent({ number: 'ZL201910123450.2', legalStatus: 'pending' }),
          ],
        }),
      ),
    ).toEqual([
      { field: 'assets.0.filedOn', message: 'must be a real date "YYYY-MM-DD"' },
      {
        field: 'assets.1.filedOn',
        message: 'filed on 2025-07-01 is after the reference date 2025-06-30',
      },
      {
        field: 'assets.2.grantedOn',
        message: 'granted on 2019-02-28, before it was filed on 2019-03-01',
      },
      { field: 'assets.3.grantedOn', message: 'a granted patent needs its grant date' },
      { field: 'assets.4.grantedOn', message: 'a pending application has no grant date' },
    ]);
    expect(problemsOf(valid({ referenceDate: '2025-6-30' }))).toEqual([
      { field: 'referenceDate', message: 'must be a real date "YYYY-MM-DD"' },
    ]);
  });

  it('names each bad revenue figure by its year index', () => {
    expect(
      problemsOf(valid({ income: { annualRevenue: ['1000000', '12.345', '-5000', 'lots'] } })),
    ).toEqual([
      {
        field: 'income.annualRevenue.1',
        message: 'must be an amount in yuan with at most 2 decimal places, e.g. "1200000.00"',
      },
      { field: 'income.annualRevenue.2', message: 'must not be negative' },
      {
        field: 'income.annualRevenue.3',
        message: 'must be an amount in yuan with at most 2 decimal places, e.g. "1200000.00"',
      },
    ]);
    expect(problemsOf(valid({ income: { annualRevenue: [] } }))).toEqual([
      {
        field: 'income.annualRevenue',
        message: 'must list the forecast revenue of at least one year',
      },
    ]);
  });

  it('needs royalty and discount rates strictly between 0 and 1', () => {
    for (const bad of ['0', '1', '1.5', '-0.1', '3%', '.05']) {
      expect(
        problemsOf(
          valid({ income: { annualRevenue: ['1'], royaltyRate: bad, discountRate: bad } }),
        ),
      ).toEqual([
        { field: 'income.royaltyRate', message: 'must be a decimal between 0 and 1, e.g. "0.03"' },
        { field: 'income.discountRate', message: 'must be a decimal between 0 and 1, e.g. "0.03"' },
      ]);
    }
    expect(
      problemsOf(
        valid({ income: { annualRevenue: ['1'], royaltyRate: '0.0001', discountRate: '0.9999' } }),
      ),
    ).toEqual([]);
  });

  it('needs revenue shares in (0, 1], from every asset or none, adding up to at most 1', () => {
    const two = (a?: string, b?: string) =>
      valid({
        assets: [
          patent({ revenueShare: a }),
          patent({ number: 'ZL202020123456.8', patentType: 'utility_model', revenueShare: b }),
        ],
      });
    expect(problemsOf(two('0.6', '0.4'))).toEqual([]);
    expect(problemsOf(two('1', undefined))).toEqual([
      {
        field: 'assets.1.revenueShare',
        message: 'give a revenue share for every asset or for none (assets.0 gives one)',
      },
    ]);
    expect(problemsOf(two('0.7', '0.4'))).toEqual([
      { field: 'assets', message: 'revenue shares add up to 1.1; they must not exceed 1' },
    ]);
    expect(problemsOf(two('0', '1.2'))).toEqual([
      {
        field: 'assets.0.revenueShare',
        message: 'must be a decimal above 0 and at most 1, e.g. "0.4"',
      },
      {
        field: 'assets.1.revenueShare',
        message: 'must be a decimal above 0 and at most 1, e.g. "0.4"',
      },
    ]);
  });

  it('needs ratings as whole numbers 1-5 and only known ratings', () => {
    expect(
      problemsOf(
        valid({
          assets: [
            patent({
              technical: { advancement: 0, scope: 2.5, maturity: 5 },
              economic: { marketSize: 6, hype: 5 } as never,
            }),
          ],
        }),
      ),
    ).toEqual([
      { field: 'assets.0.technical.advancement', message: 'must be a whole number from 1 to 5' },
      { field: 'assets.0.technical.scope', message: 'must be a whole number from 1 to 5' },
      { field: 'assets.0.economic.marketSize', message: 'must be a whole number from 1 to 5' },
      {
        field: 'assets.0.economic.hype',
        message:
          'unknown rating: the economic ratings are marketSize, marketShare, competition, policyFit',
      },
    ]);
  });

  it('names a duplicate asset number, a bad shape and a type mismatch', () => {
    expect(
      problemsOf(
        valid({
          assets: [
            patent(),
            patent(),
            patent({ number: 'ZL2019101234561' }),
            patent({ number: 'ZL201920123456.5' }),
          ],
        }),
      ),
    ).toEqual([
      {
        field: 'assets.1.number',
        message: 'ZL201910123456.X is already assets.0: list each asset once',
      },
      {
        field: 'assets.2.number',
        message:
          'must be a CN patent number: CN or ZL, 12 digits (8 before 2003), "." and a check digit or X, e.g. ZL202110123456.7',
      },
      {
        field: 'assets.3.number',
        message: 'its 5th digit, 2, marks a utility model, but patentType is invention',
      },
    ]);
  });

  it('needs an economic life above 0 for software copyright and know-how', () => {
    const assets = [
      { kind: 'software_copyright', number: '2021SR1', title: 'App', createdOn: '2021-01-01' },
      {
        kind: 'know_how',
        number: 'KH-1',
        title: 'Recipe',
        createdOn: '2021-01-01',
        economicLifeYears: '0',
      },
      {
        kind: 'know_how',
        number: 'KH-2',
        title: 'Recipe 2',
        createdOn: '2021-01-01',
        economicLifeYears: '51',
      },
    ] as Asset[];
    expect(problemsOf(valid({ assets }))).toEqual([
      {
        field: 'assets.0.economicLifeYears',
        message:
          'a software copyright needs its remaining economic life: years above 0 and at most 50, e.g. "8.5"',
      },
      {
        field: 'assets.1.economicLifeYears',
        message:
          'a know-how needs its remaining economic life: years above 0 and at most 50, e.g. "8.5"',
      },
      {
        field: 'assets.2.economicLifeYears',
        message:
          'a know-how needs its remaining economic life: years above 0 and at most 50, e.g. "8.5"',
      },
    ]);
  });

  it('checks replacement costs, enums and the enterprise', () => {
    expect(
      problemsOf({
        ...valid(),
        purpose: 'gift',
        enterprise: {},
        assets: [
          patent({
            patentType: 'plant' as never,
            legalStatus: 'granted',
            licenceStatus: 'open' as never,
            ipcClass: 'XYZ',
            replacementCost: { rdSpend: '-1', filingFees: '100', maintenanceFees: '0.001' },
          }),
          { kind: 'trademark' },
        ],
      }),
    ).toEqual([
      { field: 'purpose', message: 'must be one of pledge, transfer, investment, reporting' },
      { field: 'enterprise.highTech', message: 'must be true or false' },
      { field: 'assets.0.replacementCost.rdSpend', message: 'must not be negative' },
      {
        field: 'assets.0.replacementCost.maintenanceFees',
        message: 'must be an amount in yuan with at most 2 decimal places, e.g. "1200000.00"',
      },
      { field: 'assets.0.patentType', message: 'must be one of invention, utility_model, design' },
      { field: 'assets.0.ipcClass', message: 'must be an IPC class such as "H01L 23/00"' },
      {
        field: 'assets.0.licenceStatus',
        message: 'must be one of none, non_exclusive, sole, exclusive',
      },
      { field: 'assets.1.kind', message: 'must be one of patent, software_copyright, know_how' },
    ]);
  });

  it('needs at least one method: a revenue forecast or a replacement cost (rule no-valuation-method)', () => {
    const { income: _, ...withoutIncome } = valid();
    expect(problemsOf(withoutIncome)).toEqual([
      {
        field: 'income',
        message:
          'no valuation method can be applied: give income.annualRevenue for the income approach or a replacementCost for at least one asset',
        rule: VALUATION_RULES.noValuationMethod,
      },
    ]);
    const withCost = {
      ...withoutIncome,
      assets: [
        patent({ replacementCost: { rdSpend: '100000', filingFees: '0', maintenanceFees: '0' } }),
      ],
    };
    expect(problemsOf(withCost)).toEqual([]);
  });
});
