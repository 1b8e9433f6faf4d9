/**
 * What a new staff password must be, after NIST SP 800-63B §5.1.1.2: long enough, not on a list
 * of passwords known from breaches, not a repetition or a run of characters, and not the
 * username. No composition rules (they make passwords worse, not stronger).
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * The zxcvbn-ts list of common passwords (about 49,000 from breach corpora), lower-case. Loaded
 * with the first password set, not at start: the package and the set cost the service about
 * 14 MB of memory it does not need while nobody changes a password (docs/performance.md).
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary } =
      require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    common = new Set(dictionary['passwords-common'].map((p) => String(p).toLowerCase()));
  }
  return common;
}

/** Why a password may not be used, or null when it may. */
export function passwordProblem(password: string, username: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (!password.trim()) return 'must not be only spaces';
  const lower = password.toLowerCase();
  if (isRepetition(lower)) return 'must not be one character or a short pattern repeated';
  if (isRun(lower)) return 'must not be a run of consecutive characters such as 123456789012';
  if (username && lower.includes(username.toLowerCase())) return 'must not contain the username';
  if (isCommon(lower)) return 'is too common: it is on a list of passwords known from breaches';
  return null;
}

/** "aaaaaaaaaaaa", "abcabcabcabc": the whole password is one short unit repeated. */
function isRepetition(password: string): boolean {
  const chars = [...password];
  for (let unit = 1; unit <= 4 && unit < chars.length; unit++) {
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  return false;
}

/** "123456789012", "abcdefghijkl", "987654321098": each character one step from the last (9↔0 wraps). */
function isRun(password: string): boolean {
  const codes = [...password].map((c) => c.codePointAt(0) ?? 0);
  return codes.slice(1).every((code, i) => [1, -1, 9, -9].includes(code - (codes[i] ?? 0)));
}

/**
 * On the list as it stands, or once the digits and symbols people add at its ends are taken off
 * ("Password2024!" is "password").
 */
function isCommon(password: string): boolean {
  const list = commonPasswords();
  if (list.has(password)) return true;
  const core = password.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return core.length >= 4 && list.has(core);
}
