import { addMonths, isIsoDate, isoDate } from './dates';

describe('dates', () => {
  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-26', 12)).toBe('2026-11-26');
    expect(addMonths('2025-12-15', 3)).toBe('2026-03-15');
  });

  it('reads the UTC calendar date of an instant', () => {
    expect(isoDate(new Date('2026-11-26T23:59:59.999Z'))).toBe('2026-11-26');
    expect(isoDate(new Date('2026-11-27T07:00:00+08:00'))).toBe('2026-11-26');
  });
});

describe('isIsoDate', () => {
  it.each(['2026-02-28', '2028-02-29', '2026-12-31'])('accepts %s', (date) => {
    expect(isIsoDate(date)).toBe(true);
  });
  it.each([
    '2026-02-30',
    '2027-02-29',
    '2026-13-01',
    '26-01-01',
    '2026-1-1',
    '2026-01-01T00:00:00Z',
    '',
  ])('refuses %s', (date) => {
    expect(isIsoDate(date)).toBe(false);
  });
});
