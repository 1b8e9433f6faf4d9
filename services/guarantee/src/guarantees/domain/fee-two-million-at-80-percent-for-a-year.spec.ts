import { guaranteedAmount, guaranteeFee } from './fee';

describe('the fee on a ¥2,000,000 loan guaranteed at 80 %', () => {
  it('is 1 % a year of the guaranteed ¥1,600,000: ¥16,000 for 12 months', () => {
    expect(guaranteedAmount('2000000', '0.80')).toBe('1600000.00');
    expect(guaranteeFee('2000000', '0.80', '0.01', 12)).toBe('16000.00');
  });

  it('runs pro rata by the month: 18 months is ¥24,000, 1 month ¥1,333.33', () => {
    expect(guaranteeFee('2000000', '0.80', '0.01', 18)).toBe('24000.00');
    expect(guaranteeFee('2000000', '0.80', '0.01', 1)).toBe('1333.33');
  });

  it('rounds half a cent up, and exactly: no float drift', () => {
    // 100.10 × 0.5 × 0.01 × 1 / 12 = 0.041708…: 0.04; 3 months: 0.125125: 0.13.
    expect(guaranteeFee('100.10', '0.5', '0.01', 1)).toBe('0.04');
    expect(guaranteeFee('100.10', '0.5', '0.01', 3)).toBe('0.13');
    expect(guaranteedAmount('0.01', '0.5')).toBe('0.01');
  });
});
