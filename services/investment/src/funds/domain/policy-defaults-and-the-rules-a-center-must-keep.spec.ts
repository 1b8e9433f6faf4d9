import { DEFAULT_INVESTMENT_POLICY, investmentPolicyProblems } from './policy';

describe('the investment section of the policy', () => {
  it('keeps its own rules by default', () => {
    expect(investmentPolicyProblems({ ...DEFAULT_INVESTMENT_POLICY })).toEqual([]);
  });

  it('names each field that breaks a rule', () => {
    const problems = investmentPolicyProblems({
      committeeQuorum: 0,
      committeeMajority: '0.4',
      managementFeeRate: '0.2',
      carriedInterestRate: '-1',
      hurdleRate: '0.08',
    });
    expect(problems.map((p) => p.field)).toEqual([
      'investment.committeeQuorum',
      'investment.committeeMajority',
      'investment.managementFeeRate',
      'investment.carriedInterestRate',
    ]);
  });

  it('refuses a majority of 1, under which no deal could ever pass', () => {
    expect(
      investmentPolicyProblems({ ...DEFAULT_INVESTMENT_POLICY, committeeMajority: '1' }),
    ).toEqual([{ field: 'investment.committeeMajority', message: expect.any(String) }]);
  });
});
