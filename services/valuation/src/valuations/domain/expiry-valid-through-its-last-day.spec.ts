import { hasExpired, validityEnd } from './workflow';

describe('expiry: an approval is valid for the policy months, through its last day', () => {
  it('12 months from a reference date of 2026-11-20 end on 2027-11-20', () => {
    expect(validityEnd('2026-11-20', 12)).toBe('2027-11-20');
  });

  it('a month-end reference date ends on the last day of the shorter month', () => {
    expect(validityEnd('2026-08-31', 6)).toBe('2027-02-28');
    expect(validityEnd('2027-08-31', 6)).toBe('2028-02-29');
  });

  it('is still valid on its last day and expired the day after', () => {
    expect(hasExpired('2027-11-20', '2027-11-19')).toBe(false);
    expect(hasExpired('2027-11-20', '2027-11-20')).toBe(false);
    expect(hasExpired('2027-11-20', '2027-11-21')).toBe(true);
  });
});
