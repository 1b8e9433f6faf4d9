import { claimAllocation, recoveryAllocation } from './claims';
import { DEFAULT_GUARANTEE_POLICY } from './policy';

const policy = DEFAULT_GUARANTEE_POLICY;

describe('a claim when a ¥2,000,000 loan guaranteed at 80 % defaults', () => {
  // ¥1,500,000 of principal and ¥30,000 of interest defaulted: the guaranteed loss is 80 % of it.
  const claim = claimAllocation('1500000.00', '30000.00', '0.80', policy);

  it('is 80 % of the defaulted principal and interest, shared 4-3-2-1', () => {
    expect(claim.claim).toBe('1224000.00');
    expect(claim.shares.map((s) => [s.party, s.amount])).toEqual([
      ['institution', '489600.00'],
      ['re_guarantee', '367200.00'],
      ['bank', '244800.00'],
      ['government', '122400.00'],
    ]);
  });

  it('pays the bank all but its own 20 %, and books the re-guarantee and pool shares as receivables', () => {
    expect(claim.payout).toBe('979200.00');
    expect(claim.receivables.map((s) => [s.party, s.amount])).toEqual([
      ['re_guarantee', '367200.00'],
      ['government', '122400.00'],
    ]);
  });

  it('shares recoveries back by the same split, never more than the claim left open', () => {
    const first = recoveryAllocation('1000000.00', claim.claim, '0.00', policy);
    expect(first.counted).toBe('1000000.00');
    expect(first.shares.map((s) => s.amount)).toEqual([
      '400000.00',
      '300000.00',
      '200000.00',
      '100000.00',
    ]);
    const second = recoveryAllocation('500000.00', claim.claim, first.counted, policy);
    expect(second).toMatchObject({ counted: '224000.00', surplus: '276000.00' });
    const third = recoveryAllocation('10.00', claim.claim, '1224000.00', policy);
    expect(third).toMatchObject({ counted: '0.00', surplus: '10.00' });
  });

  it('adds up to the cent on awkward amounts', () => {
    const odd = claimAllocation('0.07', '0.00', '1', policy);
    const total = odd.shares.reduce((sum, s) => sum + Math.round(Number(s.amount) * 100), 0);
    expect(total).toBe(7);
  });
});
