import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * A valid unified social credit code built from the GB 32100-2015 rule (written out here rather
 * than imported from the tenancy service, so tests check the service against the rule itself).
 */
export function validCreditCode(): string {
  let body = '91370100';
  while (body.length < 17) body += ALPHABET.charAt(randomInt(ALPHABET.length));
  const sum = [...body].reduce((acc, c, i) => acc + ALPHABET.indexOf(c) * WEIGHTS[i]!, 0);
  return body + ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** The same code with its check character changed: invalid by construction. */
export function withWrongCheck(code: string): string {
  const check = code.charAt(17);
  const other = ALPHABET.charAt((ALPHABET.indexOf(check) + 1) % ALPHABET.length);
  return code.slice(0, 17) + other;
}
