import { rejectionRefusal, type Decider } from './workflow';

const analyst: Decider = { kind: 'user', key: 'user:li', roles: ['analyst'] };
const bankKey: Decider = { kind: 'partner', key: 'partner:qilu', roles: [] };

describe('rejecting a valuation: an analyst, a computed valuation, a reason', () => {
  it('an analyst rejects a computed valuation, even one she prepared', () => {
    expect(rejectionRefusal(analyst, 'computed', 'Forecast not backed by contracts')).toBeNull();
  });

  it('a blank reason is no reason', () => {
    expect(rejectionRefusal(analyst, 'computed', ' \t ')).toEqual({ reason: 'no-reason' });
  });

  it("a bank's key never rejects, whatever it says", () => {
    expect(rejectionRefusal(bankKey, 'computed', 'too high')).toEqual({
      reason: 'not-an-analyst',
    });
  });

  it('an approved valuation is not rejected afterwards', () => {
    expect(rejectionRefusal(analyst, 'approved', 'changed my mind')).toEqual({
      reason: 'not-computed',
      status: 'approved',
    });
  });
});
