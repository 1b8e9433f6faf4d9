import { randomInt } from 'node:crypto';

const TYPE_DIGIT = { invention: '1', utility_model: '2', design: '3' } as const;
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

/**
 * A valid CN application number built from the CNIPA rule (written out here rather than imported
 * from the valuation service, so tests check the service against the rule itself): year, type
 * digit, 7-digit serial, then "." and the check character Σ digit × weight mod 11 (10 is X).
 */
export function validPatentNumber(
  patentType: keyof typeof TYPE_DIGIT = 'invention',
  options: { year?: number; serial?: number; prefix?: 'CN' | 'ZL' } = {},
): string {
  const year = options.year ?? 2021;
  const serial = options.serial ?? randomInt(1, 10_000_000);
  const digits = `${year}${TYPE_DIGIT[patentType]}${String(serial).padStart(7, '0')}`;
  return `${options.prefix ?? 'CN'}${digits}.${patentCheck(digits)}`;
}

export function patentCheck(digits: string): string {
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i % WEIGHTS.length]!, 0);
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

/** The same number with another check character: invalid by construction. */
export function withWrongPatentCheck(number: string): string {
  const check = number.slice(-1);
  const other = check === '0' ? '1' : check === 'X' ? '0' : String((Number(check) + 1) % 10);
  return number.slice(0, -1) + other;
}
