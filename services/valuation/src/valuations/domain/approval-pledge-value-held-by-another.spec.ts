import { planApproval } from './workflow';

describe('approving a pledge valuation: one live pledge value per patent', () => {
  it('with no live pledge on its assets, replaces nothing', () => {
    expect(planApproval('pledge', [], [])).toEqual({ supersedes: [] });
  });

  it("replaces its holder's approved valuation of the same set, which held the pledge", () => {
    expect(
      planApproval(
        'pledge',
        ['v-old'],
        [
          { valuationId: 'v-old', identity: '202110123456.7' },
          { valuationId: 'v-old', identity: '202220234567.5' },
        ],
      ),
    ).toEqual({ supersedes: ['v-old'] });
  });

  it("is refused while another holder's valuation holds an asset's pledge value, naming the assets", () => {
    expect(
      planApproval(
        'pledge',
        [],
        [
          { valuationId: 'v-rival', identity: '202220234567.5' },
          { valuationId: 'v-rival', identity: '202110123456.7' },
          { valuationId: 'v-other-set', identity: '202110123456.7' },
        ],
      ),
    ).toEqual({ reason: 'pledge-value-held', assets: ['202110123456.7', '202220234567.5'] });
  });

  it('a valuation for another purpose replaces its own set and ignores pledges', () => {
    expect(
      planApproval('transfer', ['v-old'], [{ valuationId: 'v-rival', identity: '202110123456.7' }]),
    ).toEqual({ supersedes: ['v-old'] });
  });
});
