import { DEFAULT_GUARANTEE_POLICY, guaranteePolicyProblems } from './policy';

const fields = (policy: object) =>
  guaranteePolicyProblems({ ...DEFAULT_GUARANTEE_POLICY, ...policy }).map((p) => p.field);

describe("a center's guarantee policy", () => {
  it('defaults to the Regulations and 4-3-2-1, and keeps its own rules', () => {
    expect(guaranteePolicyProblems(DEFAULT_GUARANTEE_POLICY)).toEqual([]);
  });

  it('allows a leverage of 10 or 15 only', () => {
    expect(fields({ leverageMultiple: 15 })).toEqual([]);
    expect(fields({ leverageMultiple: 12 })).toEqual(['guarantee.leverageMultiple']);
  });

  it('keeps the concentration limits within the Regulations, the group at least the client', () => {
    expect(fields({ singleClientLimitRatio: '0.11' })).toEqual([
      'guarantee.singleClientLimitRatio',
    ]);
    expect(fields({ groupLimitRatio: '0.2' })).toEqual(['guarantee.groupLimitRatio']);
    expect(fields({ singleClientLimitRatio: '0.08', groupLimitRatio: '0.05' })).toEqual([
      'guarantee.groupLimitRatio',
    ]);
  });

  it('keeps the fee rate under its cap', () => {
    expect(fields({ annualFeeRate: '0.008' })).toEqual([]);
    expect(fields({ annualFeeRate: '0.015' })).toEqual(['guarantee.annualFeeRate']);
  });

  it('allows any risk split that adds up to exactly 1', () => {
    expect(
      fields({
        riskShareInstitution: '0.5',
        riskShareReGuarantee: '0.25',
        riskShareBank: '0.25',
        riskShareGovernment: '0',
      }),
    ).toEqual([]);
    expect(fields({ riskShareBank: '0.25' })).toEqual(['guarantee.riskShareInstitution']);
    expect(fields({ riskShareBank: '-0.2' })).toEqual(['guarantee.riskShareBank']);
  });

  it('takes a claim waiting period of 0 to 365 days', () => {
    expect(fields({ claimWaitingDays: 0 })).toEqual([]);
    expect(fields({ claimWaitingDays: 366 })).toEqual(['guarantee.claimWaitingDays']);
  });
});
