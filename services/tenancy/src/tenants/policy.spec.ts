import { DEFAULT_POLICY, mergePolicy, policyProblems } from './policy';

describe('center policy', () => {
  it('the defaults follow DOMAIN.md and are valid', () => {
    expect(policyProblems({ ...DEFAULT_POLICY })).toEqual([]);
    expect(DEFAULT_POLICY.loanPrimeRate).toBe('0.0300');
    expect([
      DEFAULT_POLICY.riskShareInstitution,
      DEFAULT_POLICY.riskShareReguarantee,
      DEFAULT_POLICY.riskShareBank,
      DEFAULT_POLICY.riskShareGovernment,
    ]).toEqual(['0.40', '0.30', '0.20', '0.10']);
  });

  it('risk shares must add up to exactly 1 (4-3-2-1)', () => {
    const problems = policyProblems({ ...DEFAULT_POLICY, riskShareBank: '0.25' });
    expect(problems).toEqual([
      {
        field: 'policy.riskShareInstitution',
        message: 'the four risk shares must add up to exactly 1',
      },
    ]);
  });

  it('method weights must add up to exactly 1', () => {
    expect(policyProblems({ ...DEFAULT_POLICY, weightIncome: '0.7' }).map((p) => p.field)).toEqual([
      'policy.weightIncome',
    ]);
  });

  it('leverage is at most 15 × net assets', () => {
    expect(policyProblems({ ...DEFAULT_POLICY, leverageMultiple: 16 })[0]?.field).toBe(
      'policy.leverageMultiple',
    );
    expect(policyProblems({ ...DEFAULT_POLICY, leverageMultiple: 15 })).toEqual([]);
  });

  it('names a rate that is not a decimal string', () => {
    expect(policyProblems({ ...DEFAULT_POLICY, discountRate: '15%' })).toEqual([
      { field: 'policy.discountRate', message: 'must be a decimal string such as "0.15"' },
    ]);
  });

  it('merging changes only the named fields', () => {
    const merged = mergePolicy(
      { ...DEFAULT_POLICY },
      { loanPrimeRate: '0.0310', discountRate: '0.5' },
      ['loanPrimeRate'],
    );
    expect(merged.loanPrimeRate).toBe('0.0310');
    expect(merged.discountRate).toBe(DEFAULT_POLICY.discountRate);
  });
});
