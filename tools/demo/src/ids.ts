/**
 * Deterministic identifiers that the services accept: unified social credit codes (GB 32100-2015)
 * and CN patent application numbers (CNIPA check character). libs/testing has random generators
 * of both; the demo needs the same code for the same serial on every run, so it writes the two
 * rules out here (ids.spec.ts checks them against libs/testing's).
 */
import { at } from './at';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * `91` (an enterprise registered with market regulation) + the 6-digit region + `MA` + 7
 * characters numbering the serial in base 31 + the check character.
 */
export function creditCode(region: string, serial: number): string {
  if (!/^\d{6}$/.test(region)) throw new Error(`region ${region} is not 6 digits`);
  if (!Number.isInteger(serial) || serial < 0 || serial >= 31 ** 7)
    throw new Error(`serial ${serial} out of range`);
  let digits = '';
  for (let n = serial, i = 0; i < 7; i++, n = Math.floor(n / 31))
    digits = ALPHABET[n % 31] + digits;
  const body = `91${region}MA${digits}`;
  return body + creditCodeCheck(body);
}

export function creditCodeCheck(body17: string): string {
  const sum = [...body17].reduce((acc, c, i) => acc + ALPHABET.indexOf(c) * at(CODE_WEIGHTS, i), 0);
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

const TYPE_DIGIT = { invention: '1', utility_model: '2', design: '3' } as const;
const PATENT_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
export type PatentType = keyof typeof TYPE_DIGIT;

/** `CN` + filing year + type digit + 7-digit serial + `.` + check (Σ digit × weight mod 11, 10 = X). */
export function patentNumber(type: PatentType, year: number, serial: number): string {
  if (!Number.isInteger(serial) || serial < 0 || serial > 9_999_999)
    throw new Error(`patent serial ${serial} out of range`);
  const digits = `${year}${TYPE_DIGIT[type]}${String(serial).padStart(7, '0')}`;
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * at(PATENT_WEIGHTS, i), 0);
  return `CN${digits}.${sum % 11 === 10 ? 'X' : String(sum % 11)}`;
}
