import { parsePatentNumber, patentNumberProblem } from './patent-number';

describe('CN patent number shapes', () => {
  it('accepts CN/ZL + 12 digits + check digit or X', () => {
    expect(parsePatentNumber('CN202110123456.7')).toEqual({
      prefix: 'CN',
      digits: '202110123456',
      check: '7',
      patentType: 'invention',
    });
    expect(patentNumberProblem('ZL202110123456.7', 'invention')).toBeNull();
    expect(patentNumberProblem('ZL202120123456.2', 'utility_model')).toBeNull();
    expect(patentNumberProblem('ZL202230123456.2', 'design')).toBeNull();
  });

  it('reads the type from the 5th digit: 1/8 invention, 2/9 utility model, 3 design', () => {
    const cases = [
      ['CN202110000001.6', 'invention'],
      ['CN202180000001.4', 'invention'],
      ['CN202120000001.1', 'utility_model'],
      ['CN202190000001.X', 'utility_model'],
      ['CN202130000001.7', 'design'],
      ['CN202140000001.2', null],
    ] as const;
    for (const [number, type] of cases) {
      expect(parsePatentNumber(number)?.patentType).toBe(type);
    }
  });

  it('accepts pre-2003 8-digit numbers without reading a type', () => {
    expect(parsePatentNumber('CN99123456.1')).toEqual({
      prefix: 'CN',
      digits: '99123456',
      check: '1',
      patentType: null,
    });
    for (const type of ['invention', 'utility_model', 'design'] as const) {
      expect(patentNumberProblem('ZL01234567.9', type)).toBeNull();
    }
  });

  it('says which type the 5th digit marks when it disagrees with patentType', () => {
    expect(patentNumberProblem('ZL202120123456.2', 'invention')).toBe(
      'its 5th digit, 2, marks a utility model, but patentType is invention',
    );
    expect(patentNumberProblem('CN202150123456.9', 'design')).toBe(
      'its 5th digit, 5, is not a patent type (1 or 8 invention, 2 or 9 utility model, 3 design)',
    );
  });

  it('rejects other shapes', () => {
    const bad = [
      '202110123456.7', // no prefix
      'US202110123456.7',
      'CN202110123456', // no check character
      'CN202110123456.Y',
      'CN2021101234567.1', // 13 digits
      'CN2021101234.1', // 10 digits
      'CN 202110123456.7',
      'cn202110123456.7',
      'CN202110123456.7 ',
      '',
    ];
    for (const number of bad) {
      expect(parsePatentNumber(number)).toBeNull();
      expect(patentNumberProblem(number, 'invention')).toMatch(/^must be a CN patent number/);
    }
  });
});
