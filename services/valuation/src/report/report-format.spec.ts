import {
  formatAmount,
  formatMoney,
  formatPercent,
  formatTimestamp,
  formatYears,
  parameterLabel,
  sumAmounts,
} from './report-format';

describe('report formats', () => {
  it('groups money by thousands with two decimals, without floating point', () => {
    expect(formatMoney('1234567.89')).toBe('¥ 1,234,567.89');
    expect(formatMoney('1234567.8')).toBe('¥ 1,234,567.80');
    expect(formatMoney('999')).toBe('¥ 999.00');
    expect(formatMoney('0.5')).toBe('¥ 0.50');
    expect(formatAmount('-1000000.00')).toBe('-1,000,000.00');
    expect(formatAmount('90071992547409931.23')).toBe('90,071,992,547,409,931.23');
  });

  it('adds the displayed cents of a column exactly', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004; three rows of 33,333.33 lose a cent.
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(sumAmounts(['33333.33', '33333.33', '33333.33'])).toBe('99,999.99');
    expect(sumAmounts([])).toBe('0.00');
  });

  it('prints what is not a decimal as it is', () => {
    expect(formatMoney('n/a')).toBe('n/a');
    expect(formatPercent('')).toBe('');
  });

  it('shows weights and rates as percentages', () => {
    expect(formatPercent('0.6')).toBe('60%');
    expect(formatPercent('0.666667')).toBe('66.67%');
    expect(formatPercent('0.035')).toBe('3.5%');
  });

  it('shows timestamps in Beijing time and dates as they are', () => {
    expect(formatTimestamp('2025-04-02T18:30:00.000Z')).toBe('2025-04-03 02:30 (UTC+8)');
    expect(formatTimestamp('2025-03-31')).toBe('2025-03-31');
    expect(formatTimestamp(null)).toBe('—');
  });

  it('says when an asset has no legal term', () => {
    expect(formatYears('6.45')).toBe('6.45 年 years');
    expect(formatYears(null)).toContain('No legal term');
  });

  it('labels known policy figures and keeps unknown keys readable', () => {
    expect(parameterLabel('discountRate')).toBe('折现率 Discount rate (discountRate)');
    expect(parameterLabel('ipcSubclass')).toBe('ipcSubclass');
  });
});
