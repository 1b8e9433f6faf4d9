import type { PatentType } from './valuation';

/**
 * CN application / patent numbers: "CN" or "ZL", then 12 digits (from 2003: year, type digit,
 * 7-digit serial) or 8 digits (before 2003), then "." and the check character, a digit or X.
 * Upper case, no spaces. "CN" (the application) and "ZL" (the granted patent) name the same
 * patent: its identity is the digits and the check.
 */
const PATENT_NUMBER_PATTERN = /^(CN|ZL)(\d{12}|\d{8})\.([0-9X])$/;

/** The 5th digit of a 12-digit number: 8 and 9 are PCT applications entering China. */
const TYPE_DIGITS: Record<string, PatentType> = {
  '1': 'invention',
  '8': 'invention',
  '2': 'utility_model',
  '9': 'utility_model',
  '3': 'design',
};

export interface PatentNumber {
  prefix: 'CN' | 'ZL';
  digits: string;
  check: string;
  /** From the type digit of a 12-digit number; null for 8-digit numbers or an unknown digit. */
  patentType: PatentType | null;
}

export function parsePatentNumber(value: string): PatentNumber | null {
  const match = PATENT_NUMBER_PATTERN.exec(value);
  if (!match) return null;
  const digits = match[2] as string;
  return {
    prefix: match[1] as 'CN' | 'ZL',
    digits,
    check: match[3] as string,
    patentType: digits.length === 12 ? (TYPE_DIGITS[digits.charAt(4)] ?? null) : null,
  };
}

/** CNIPA's check: Σ digit × weight (2…9, 2…5) mod 11, with 10 written X. */
const CHECK_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

export function patentCheckCharacter(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (CHECK_WEIGHTS[i] ?? 0);
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

/**
 * The identity of a patent whatever its notation ("CN…" or "ZL…"): digits "." check. Two numbers
 * with the same identity are one patent; a number whose check does not verify is none.
 */
export function patentIdentity(value: string): string | null {
  const parsed = parsePatentNumber(value);
  if (!parsed || patentCheckCharacter(parsed.digits) !== parsed.check) return null;
  return `${parsed.digits}.${parsed.check}`;
}

const TYPE_LABELS: Record<PatentType, string> = {
  invention: 'an invention',
  utility_model: 'a utility model',
  design: 'a design',
};

/** Why the number cannot be a CN number of this patent type, or null when it can. */
export function patentNumberProblem(value: string, patentType: PatentType): string | null {
  const parsed = parsePatentNumber(value);
  if (!parsed) {
    return 'must be a CN patent number: CN or ZL, 12 digits (8 before 2003), "." and a check digit or X, e.g. ZL202110123456.7';
  }
  const check = patentCheckCharacter(parsed.digits);
  if (check !== parsed.check) {
    return `has a wrong check digit: ${parsed.digits} checks to ${check}, not ${parsed.check} (a typo in the number?)`;
  }
  if (parsed.digits.length === 8) return null;
  const typeDigit = parsed.digits.charAt(4);
  if (parsed.patentType === null) {
    return `its 5th digit, ${typeDigit}, is not a patent type (1 or 8 invention, 2 or 9 utility model, 3 design)`;
  }
  if (parsed.patentType !== patentType) {
    return `its 5th digit, ${typeDigit}, marks ${TYPE_LABELS[parsed.patentType]}, but patentType is ${patentType}`;
  }
  return null;
}
