import { creditPolicyProblems, DEFAULT_CREDIT_POLICY } from './policy';
import type { CreditPolicy } from './types';

const policy = (overrides: Partial<CreditPolicy>): CreditPolicy => ({
  ...DEFAULT_CREDIT_POLICY,
  products: DEFAULT_CREDIT_POLICY.products.map((p) => ({ ...p })),
  ...overrides,
});

describe('the credit policy: defaults and what a center admin may not break', () => {
  it('defaults to DOMAIN.md: LPR 3.00 %, penalty 1.5×, LTV 40/25/20 %, classes from 1/91/271/361 days', () => {
    expect(DEFAULT_CREDIT_POLICY).toMatchObject({
      loanPrimeRate: '0.0300',
      penaltyRateMultiplier: '1.5',
      ltvInvention: '0.40',
      ltvUtilityModel: '0.25',
      ltvDesign: '0.20',
      specialMentionFromDays: 1,
      substandardFromDays: 91,
      doubtfulFromDays: 271,
      lossFromDays: 361,
    });
    expect(DEFAULT_CREDIT_POLICY.products.map((p) => p.code)).toEqual([
      'ip-pledge',
      'guaranteed',
      'credit',
      'linked',
    ]);
    expect(creditPolicyProblems(policy({}))).toEqual([]);
  });

  it('refuses an LTV above 100 %, a penalty below the contract rate, classes out of order', () => {
    expect(
      creditPolicyProblems(
        policy({ ltvInvention: '1.2', penaltyRateMultiplier: '0.5', doubtfulFromDays: 60 }),
      ).map((p) => p.field),
    ).toEqual(['credit.penaltyRateMultiplier', 'credit.ltvInvention', 'credit.doubtfulFromDays']);
  });

  it('keeps loans past 90 days non-performing', () => {
    expect(creditPolicyProblems(policy({ substandardFromDays: 120 }))).toEqual([
      {
        field: 'credit.substandardFromDays',
        message: 'must be at most 91: past 90 days a loan is non-performing',
      },
    ]);
  });

  it('keeps the four products, each with sound limits', () => {
    const products = DEFAULT_CREDIT_POLICY.products.map((p) => ({ ...p }));
    products[0] = { ...products[0]!, minPrincipal: '5000000.00', maxPrincipal: '100000.00' };
    products[1] = { ...products[1]!, maxTermMonths: 400, repaymentMethods: [] };
    expect(
      creditPolicyProblems(policy({ products: products.slice(0, 2) })).map((p) => p.field),
    ).toEqual([
      'credit.products[0].maxPrincipal',
      'credit.products[1].maxTermMonths',
      'credit.products[1].repaymentMethods',
      'credit.products',
      'credit.products',
    ]);
  });
});
