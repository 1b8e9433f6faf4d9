import { DEFAULT_CREDIT_POLICY, productOf } from './policy';
import {
  applicationProblems,
  underwrite,
  type PledgedAsset,
  type UnderwritingInput,
} from './underwriting';

const product = (code: string) => {
  const found = productOf(DEFAULT_CREDIT_POLICY, code);
  if (!found) throw new Error(code);
  return found;
};
const invention: PledgedAsset = {
  valuationId: 'v1',
  identity: 'patent:202110123456',
  assetNumber: 'CN202110123456.7',
  patentType: 'invention',
  value: '3000000.00',
};
const utility: PledgedAsset = {
  valuationId: 'v1',
  identity: 'patent:202120654321',
  assetNumber: 'CN202120654321.X',
  patentType: 'utility_model',
  value: '800000.00',
};
const pledgeLoan = (overrides: Partial<UnderwritingInput> = {}): UnderwritingInput => ({
  product: product('ip-pledge'),
  principal: '1000000.00',
  termMonths: 36,
  enterpriseId: 'e1',
  lenderPartnerId: 'bank-a',
  pledges: [invention],
  pledgedElsewhere: [],
  ...overrides,
});

describe('ip-pledge: appraised value × the LTV cap of each patent type', () => {
  it('lends ¥1,000,000 against a ¥3,000,000 invention (40 % → ¥1,200,000)', () => {
    expect(underwrite(pledgeLoan(), DEFAULT_CREDIT_POLICY)).toEqual({
      approved: true,
      reasons: [],
      lendable: '1200000.00',
    });
  });

  it('declines ¥1,500,000 on an invention and a utility model (1,200,000 + 25 % of 800,000 = 1,400,000)', () => {
    const decision = underwrite(
      pledgeLoan({ principal: '1500000.00', pledges: [invention, utility] }),
      DEFAULT_CREDIT_POLICY,
    );
    expect(decision.approved).toBe(false);
    expect(decision.lendable).toBe('1400000.00');
    expect(decision.reasons.map((r) => r.code)).toEqual(['ltv-exceeded']);
  });

  it('lists every failed rule: over the cap and a patent that already backs a live loan', () => {
    const decision = underwrite(
      pledgeLoan({ principal: '2000000.00', pledgedElsewhere: [invention.identity] }),
      DEFAULT_CREDIT_POLICY,
    );
    expect(decision.reasons.map((r) => r.code)).toEqual([
      'ltv-exceeded',
      'collateral-already-pledged',
    ]);
    expect(decision.reasons[1]?.message).toContain('CN202110123456.7');
  });

  it('lends nothing against IP that is not a patent', () => {
    const knowHow = { ...invention, patentType: null };
    expect(underwrite(pledgeLoan({ pledges: [knowHow] }), DEFAULT_CREDIT_POLICY).lendable).toBe(
      '0.00',
    );
  });
});

describe('guaranteed: an approved guarantee of the same enterprise and bank covering the loan', () => {
  const guarantee = {
    status: 'approved',
    enterpriseId: 'e1',
    lenderPartnerId: 'bank-a',
    principal: '2000000.00',
    termMonths: 24,
  };
  const guaranteedLoan = (overrides: Partial<UnderwritingInput> = {}): UnderwritingInput => ({
    ...pledgeLoan({ product: product('guaranteed'), pledges: [], termMonths: 24 }),
    guarantee,
    ...overrides,
  });

  it('approves ¥1,000,000 for 24 months under a ¥2,000,000, 24-month guarantee', () => {
    expect(underwrite(guaranteedLoan(), DEFAULT_CREDIT_POLICY)).toEqual({
      approved: true,
      reasons: [],
    });
  });

  it('declines with every reason: pending, another enterprise and bank, too small, too short, in use', () => {
    const decision = underwrite(
      guaranteedLoan({
        principal: '2500000.00',
        termMonths: 36,
        guarantee: {
          ...guarantee,
          status: 'pending',
          enterpriseId: 'e2',
          lenderPartnerId: 'bank-b',
        },
        guaranteeInUse: true,
      }),
      DEFAULT_CREDIT_POLICY,
    );
    expect(decision.reasons.map((r) => r.code)).toEqual([
      'guarantee-not-approved',
      'guarantee-other-enterprise',
      'guarantee-other-lender',
      'guarantee-too-small',
      'guarantee-term-too-short',
      'guarantee-in-use',
    ]);
  });
});

describe('bad input: what the product allows is a 400 naming the field', () => {
  const input = {
    productCode: 'ip-pledge',
    principal: '1000000',
    termMonths: 36,
    repaymentMethod: 'equal_installment',
    collateral: [{ valuationId: 'v1' }],
  };

  it('accepts an application inside the product', () => {
    expect(applicationProblems(input, product('ip-pledge'))).toEqual([]);
  });

  it('names an unknown product', () => {
    expect(applicationProblems({ ...input, productCode: 'payday' }, undefined)).toEqual([
      { field: 'productCode', message: 'is not a loan product of this center' },
    ]);
  });

  it('refuses a term above the maximum, an amount below the minimum, a method the product has not', () => {
    expect(
      applicationProblems(
        {
          ...input,
          productCode: 'credit',
          principal: '10000',
          termMonths: 48,
          repaymentMethod: 'interest_only',
          collateral: [],
        },
        product('credit'),
      ),
    ).toEqual([
      { field: 'principal', message: 'must be from 50000.00 to 3000000.00 for credit' },
      { field: 'termMonths', message: 'must be from 3 to 36 months for credit' },
      {
        field: 'repaymentMethod',
        message: 'must be one of equal_installment, equal_principal for credit',
      },
    ]);
  });

  it('asks ip-pledge for collateral and guaranteed for a guarantee, and refuses them elsewhere', () => {
    expect(applicationProblems({ ...input, collateral: [] }, product('ip-pledge'))).toEqual([
      { field: 'collateral', message: 'is required for ip-pledge: approved valuations' },
    ]);
    expect(
      applicationProblems({ ...input, productCode: 'guaranteed' }, product('guaranteed')).map(
        (p) => p.field,
      ),
    ).toEqual(['collateral', 'guaranteeId']);
    expect(
      applicationProblems(
        { ...input, collateral: [{ valuationId: 'v1' }, { valuationId: 'v1' }] },
        product('ip-pledge'),
      ),
    ).toEqual([{ field: 'collateral', message: 'must not list a valuation twice' }]);
  });
});
