import { headroom, limitBreach, type Exposure } from './limits';
import { DEFAULT_GUARANTEE_POLICY } from './policy';

const policy = DEFAULT_GUARANTEE_POLICY;
/** Jinan's institution: net assets ¥200,000,000 → leverage 2 bn, one client 20 m, a group 30 m. */
const jinan = (over: Partial<Exposure> = {}): Exposure => ({
  netAssets: '200000000.00',
  outstanding: '0.00',
  client: '0.00',
  group: null,
  ...over,
});

describe("Jinan's institution with ¥200,000,000 of net assets", () => {
  it('takes a client up to exactly 10 % of net assets, and not a cent more', () => {
    expect(limitBreach(jinan({ client: '18400000.00' }), '1600000.00', policy)).toBeUndefined();
    expect(limitBreach(jinan({ client: '18400000.01' }), '1600000.00', policy)).toEqual({
      rule: 'single-client-limit',
      limit: '20000000.00',
      wouldBe: '20000000.01',
    });
  });

  it('holds a group, the client with its related parties, to 15 %', () => {
    const exposure = jinan({ client: '5000000.00', group: '29000000.00' });
    expect(limitBreach(exposure, '1000000.00', policy)).toBeUndefined();
    expect(limitBreach(exposure, '1000000.01', policy)).toMatchObject({
      rule: 'group-limit',
      limit: '30000000.00',
    });
  });

  it('holds the whole book to 10 × net assets, or 15 × when the policy says so', () => {
    const full = jinan({ outstanding: '1999000000.00' });
    expect(limitBreach(full, '1000000.01', policy)).toMatchObject({
      rule: 'leverage-limit',
      limit: '2000000000.00',
    });
    expect(limitBreach(full, '1000000.01', { ...policy, leverageMultiple: 15 })).toBeUndefined();
  });

  it('names the leverage limit first when several would break', () => {
    const everything = jinan({
      outstanding: '2000000000.00',
      client: '20000000.00',
      group: '30000000.00',
    });
    expect(limitBreach(everything, '0.01', policy)?.rule).toBe('leverage-limit');
  });

  it('reports its headroom under the leverage limit, never below zero', () => {
    expect(headroom('200000000.00', '1600000.00', policy)).toBe('1998400000.00');
    expect(headroom('0.00', '0.00', policy)).toBe('0.00');
    expect(headroom('100.00', '5000.00', policy)).toBe('0.00');
  });
});
