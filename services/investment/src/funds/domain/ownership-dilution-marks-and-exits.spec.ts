import { holdingAt, ownershipBought, type InvestmentEntry } from './holding';

/**
 * The arithmetic of one holding, by hand. ¥2,000,000 at ¥8,000,000 pre-money buys
 * 2 / 10 = 20 %. A follow-on of ¥3,000,000 at ¥27,000,000 pre-money (post 30,000,000) dilutes the
 * 20 % by 27/30 to 18 % and buys 10 %: 28 %. Selling a quarter keeps 75 % of everything: 21 %.
 */
const ledger: InvestmentEntry[] = [
  { kind: 'close', on: '2024-03-01', amount: '2000000.00', preMoney: '8000000.00' },
  { kind: 'mark', on: '2024-12-31', fairValue: '2600000.00' },
  { kind: 'follow_on', on: '2025-06-30', amount: '3000000.00', preMoney: '27000000.00' },
  { kind: 'mark', on: '2025-12-31', fairValue: '8400000.00' },
  { kind: 'exit', on: '2026-06-30', fraction: '0.25', proceeds: '2500000.00' },
];

describe('a holding: ownership, dilution, marks and exits', () => {
  it('buys amount / (pre-money + amount) of the company', () => {
    expect(ownershipBought('2000000', '8000000').toFixed(8)).toBe('0.20000000');
    expect(ownershipBought('1000000', '5000000').toFixed(8)).toBe('0.16666667');
  });

  it('holds the closing at cost until the first mark', () => {
    const holding = holdingAt(ledger, '2024-06-30');
    expect(holding.value.toFixed(2)).toBe('2000000.00');
    expect(holding.ownership.toFixed(8)).toBe('0.20000000');
  });

  it('takes the latest mark as the value', () => {
    expect(holdingAt(ledger, '2025-01-01').value.toFixed(2)).toBe('2600000.00');
  });

  it('dilutes what was held and adds what a follow-on bought', () => {
    const holding = holdingAt(ledger, '2025-06-30');
    expect(holding.ownership.toFixed(8)).toBe('0.28000000');
    // The last mark plus the new money, at cost, until the next mark.
    expect(holding.value.toFixed(2)).toBe('5600000.00');
    expect(holding.invested.toFixed(2)).toBe('5000000.00');
  });

  it('keeps (1 − fraction) of value, cost and ownership after a partial exit', () => {
    const holding = holdingAt(ledger, '2026-12-31');
    expect(holding.ownership.toFixed(8)).toBe('0.21000000');
    expect(holding.value.toFixed(2)).toBe('6300000.00');
    expect(holding.cost.toFixed(2)).toBe('3750000.00');
    expect(holding.proceeds.toFixed(2)).toBe('2500000.00');
    expect(holding.exited).toBe(false);
  });

  it('is worth nothing and exited after the rest is sold', () => {
    const holding = holdingAt(
      [...ledger, { kind: 'exit', on: '2026-09-30', fraction: '1', proceeds: '7000000.00' }],
      '2026-12-31',
    );
    expect(holding.value.isZero()).toBe(true);
    expect(holding.ownership.isZero()).toBe(true);
    expect(holding.proceeds.toFixed(2)).toBe('9500000.00');
    expect(holding.exited).toBe(true);
  });

  it('applies a mark before an exit of the same day, whatever order they were written in', () => {
    const sameDay: InvestmentEntry[] = [
      { kind: 'exit', on: '2025-01-01', fraction: '0.5', proceeds: '1500000.00' },
      { kind: 'mark', on: '2025-01-01', fairValue: '3000000.00' },
      { kind: 'close', on: '2024-01-01', amount: '1000000.00', preMoney: '4000000.00' },
    ];
    expect(holdingAt(sameDay, '2025-01-01').value.toFixed(2)).toBe('1500000.00');
  });
});
