import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter, creditCodeProblem } from './credit-code';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts a published code: 91350100M000100Y43', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
  });

  it('computes the check character by the weighted sum mod 31', () => {
    // By hand for 91350100M000100Y4: Σ value×weight = 1640; 1640 mod 31 = 28; (31 − 28) mod 31 = 3 → "3".
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it.each([
    ['a changed check character', '91350100M000100Y44', 'check'],
    ['a letter outside the alphabet (I)', '91350100I000100Y43', 'alphabet'],
    ['lower case', '91350100m000100Y43', 'alphabet'],
    ['17 characters', '91350100M000100Y4', 'length'],
    ['nothing', '', 'length'],
  ])('rejects %s', (_case, code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
  });

  it('a check character exists for every 17-character body, and only one validates', () => {
    const body = '91370100MA3C00000';
    const check = creditCodeCheckCharacter(body)!;
    for (const c of CREDIT_CODE_ALPHABET) {
      expect(creditCodeProblem(body + c)).toBe(c === check ? null : 'check');
    }
  });
});
