import { passwordProblem } from './password-policy';

describe('password policy (NIST SP 800-63B)', () => {
  it.each([
    ['a passphrase', 'correct horse battery staple'],
    ['a long mixed password', 'Jinan-tech-finance-2026'],
    ['Chinese characters', '济南科技金融服务中心的密码'],
  ])('accepts %s', (_label, password) => {
    expect(passwordProblem(password, 'analyst.li')).toBeNull();
  });

  it.each([
    ['eleven characters', 'abcdefghijk', 'must be at least 12 characters'],
    ['twelve spaces', '            ', 'must not be only spaces'],
    [
      'one character repeated',
      'aaaaaaaaaaaa',
      'must not be one character or a short pattern repeated',
    ],
    [
      'a short pattern repeated',
      'abcabcabcabc',
      'must not be one character or a short pattern repeated',
    ],
    [
      'a run of digits wrapping 9 to 0',
      '123456789012',
      'must not be a run of consecutive characters such as 123456789012',
    ],
    [
      'a run of letters down',
      'zyxwvutsrqpo',
      'must not be a run of consecutive characters such as 123456789012',
    ],
    ['the username', 'jinan.clerk.zhang', 'must not contain the username'],
    [
      'the username with more around it',
      'my JINAN.CLERK.ZHANG pass',
      'must not contain the username',
    ],
    [
      'a breached password',
      'qwertyuiop123',
      'is too common: it is on a list of passwords known from breaches',
    ],
    [
      'a common word with digits added',
      'password1234',
      'is too common: it is on a list of passwords known from breaches',
    ],
    [
      'a common word with digits and a symbol',
      'Dragon2024!!',
      'is too common: it is on a list of passwords known from breaches',
    ],
  ])('refuses %s', (_label, password, problem) => {
    expect(passwordProblem(password, 'jinan.clerk.zhang')).toBe(problem);
  });

  it('counts characters, not UTF-16 units, against the length floor', () => {
    expect(passwordProblem('密码密码密码密码密码密', 'x')).toBe('must be at least 12 characters');
  });

  it('refuses more than 200 characters (scrypt input is bounded)', () => {
    expect(passwordProblem('ab1'.repeat(67), 'x')).toBe('must be at most 200 characters');
  });
});
