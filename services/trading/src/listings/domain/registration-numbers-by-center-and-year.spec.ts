import { registrationNumber, registrationPrefix } from './deal-terms';

describe('technology-contract registration numbers: center, year, serial', () => {
  it('writes the center upper-cased, the year and a 6-digit serial: JINAN-2026-000042', () => {
    expect(registrationNumber('jinan', 2026, 42)).toBe('JINAN-2026-000042');
    expect(registrationNumber('JINAN', 2026, 1)).toBe('JINAN-2026-000001');
    expect(registrationNumber('jinan', 2026, 999999)).toBe('JINAN-2026-999999');
  });

  it('starts every number of a year with that year’s prefix, a year ending in 0 included', () => {
    expect(registrationPrefix('jinan', 2030)).toBe('JINAN-2030-');
    expect(registrationNumber('jinan', 2030, 7)).toBe('JINAN-2030-000007');
    expect(registrationNumber('jinan', 2030, 7).startsWith(registrationPrefix('jinan', 2030))).toBe(
      true,
    );
    // 2030's numbers are not 2003's, nor 203's.
    expect(registrationNumber('jinan', 2030, 7).startsWith(registrationPrefix('jinan', 2003))).toBe(
      false,
    );
  });

  it('does not cut a serial past 999,999: it grows a digit', () => {
    expect(registrationNumber('jinan', 2026, 1000000)).toBe('JINAN-2026-1000000');
  });
});
