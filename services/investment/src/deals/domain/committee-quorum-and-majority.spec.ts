import { tally } from './committee';

const policy = { committeeQuorum: 3, committeeMajority: '0.5' };

describe('the investment committee: a quorum, then a majority of the votes cast', () => {
  it('does not decide before the quorum has voted, however the votes lean', () => {
    expect(tally(['for', 'for'], policy)).toMatchObject({ cast: 2, for: 2, passed: false });
  });

  it('passes 2 of 3 and fails 2 of 4 on a simple majority', () => {
    expect(tally(['for', 'for', 'against'], policy).passed).toBe(true);
    expect(tally(['for', 'for', 'against', 'against'], policy).passed).toBe(false);
  });

  it('counts an abstention towards the quorum but not for the deal', () => {
    expect(tally(['for', 'abstain', 'abstain'], policy)).toMatchObject({
      cast: 3,
      for: 1,
      abstain: 2,
      passed: false,
    });
    expect(tally(['for', 'for', 'abstain'], policy).passed).toBe(true);
  });

  it("follows the center's majority: at two thirds, 2 of 3 passes only above 0.66", () => {
    expect(tally(['for', 'for', 'against'], { ...policy, committeeMajority: '0.66' }).passed).toBe(
      true,
    );
    expect(tally(['for', 'for', 'against'], { ...policy, committeeMajority: '0.67' }).passed).toBe(
      false,
    );
  });
});
