import { DEFAULT_TRADING_POLICY, tradingPolicyProblems } from './policy';

describe('the trading section of the policy', () => {
  it('keeps its own rules by default', () => {
    expect(tradingPolicyProblems({ ...DEFAULT_TRADING_POLICY })).toEqual([]);
  });

  it('names each field that breaks a rule as trading.<field>', () => {
    const problems = tradingPolicyProblems({
      commissionRate: '0.25',
      minimumIncrement: '0.00',
      antiSnipingWindowMinutes: 2.5,
      antiSnipingExtensionMinutes: 5,
      disposalHaircut: '1',
      disposalAuctionDays: 30,
    });
    expect(problems.map((p) => p.field)).toEqual([
      'trading.commissionRate',
      'trading.disposalHaircut',
      'trading.minimumIncrement',
      'trading.antiSnipingWindowMinutes',
    ]);
  });

  it('refuses a commission over 0.2, and takes 0.2 itself', () => {
    expect(tradingPolicyProblems({ ...DEFAULT_TRADING_POLICY, commissionRate: '0.21' })).toEqual([
      { field: 'trading.commissionRate', message: expect.any(String) },
    ]);
    expect(tradingPolicyProblems({ ...DEFAULT_TRADING_POLICY, commissionRate: '0.2' })).toEqual([]);
  });

  it('refuses a haircut of 1, which would offer the patents for nothing', () => {
    expect(tradingPolicyProblems({ ...DEFAULT_TRADING_POLICY, disposalHaircut: '1' })).toEqual([
      { field: 'trading.disposalHaircut', message: expect.any(String) },
    ]);
  });

  it('refuses a zero increment, under which two bids could share an amount', () => {
    expect(tradingPolicyProblems({ ...DEFAULT_TRADING_POLICY, minimumIncrement: '0' })).toEqual([
      { field: 'trading.minimumIncrement', message: 'must be a positive money string' },
    ]);
  });

  it('refuses minutes and days that are not whole numbers in range', () => {
    expect(
      tradingPolicyProblems({
        ...DEFAULT_TRADING_POLICY,
        antiSnipingWindowMinutes: 61,
        antiSnipingExtensionMinutes: 0.5,
        disposalAuctionDays: 0,
      }).map((p) => p.field),
    ).toEqual([
      'trading.antiSnipingWindowMinutes',
      'trading.antiSnipingExtensionMinutes',
      'trading.disposalAuctionDays',
    ]);
  });
});
