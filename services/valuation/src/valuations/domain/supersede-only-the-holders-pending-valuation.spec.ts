import { planApproval, replacedByRequest, type ValuationSet } from './workflow';

const qiluSet: ValuationSet = {
  holder: 'partner:qilu',
  enterpriseId: 'e-1',
  purpose: 'pledge',
  assetKey: '202110123456.7',
};

describe('supersede: a new valuation replaces only its holder’s own of the same set', () => {
  it('a new request replaces the same holder’s pending valuation of the same set, nothing else', () => {
    // The criteria name the holder and the set, and only the computed state: an approved
    // valuation (which may back a pledge) and another bank's valuations are left alone.
    expect(replacedByRequest(qiluSet)).toEqual({ ...qiluSet, status: 'computed' });
  });

  it('an approval replaces the holder’s earlier approvals of the same set', () => {
    expect(planApproval('transfer', ['v-2025'], [])).toEqual({ supersedes: ['v-2025'] });
  });

  it('a pledge approval may replace the live pledge value its holder’s earlier approval held', () => {
    expect(
      planApproval('pledge', ['v-2025'], [{ valuationId: 'v-2025', identity: '202110123456.7' }]),
    ).toEqual({ supersedes: ['v-2025'] });
  });
});
