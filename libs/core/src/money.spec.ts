import Decimal from 'decimal.js';
import fc from 'fast-check';
import {
  formatMoney,
  isMoneyString,
  Money,
  MONEY_PATTERN,
  parseMoney,
  parseRate,
  RATE_PATTERN,
  sumMoney,
} from './money';

describe('money on the wire: decimal strings, at most 2 places, no sign, no exponent', () => {
  it.each(['500000', '500000.5', '500000.00', '0.01', '0', '0.5', '999999999999999999.99'])(
    'MONEY_PATTERN accepts "%s"',
    (value) => {
      expect(MONEY_PATTERN.test(value)).toBe(true);
      expect(isMoneyString(value)).toBe(true);
    },
  );

  it.each([
    '-1',
    '1.001',
    '1e5',
    ' 1',
    '1 ',
    '01',
    '00.5',
    '.5',
    '1.',
    '+1',
    '1,000',
    '',
    '1000000000000000000', // 19 integer digits: more than numeric(20,2) holds
  ])('MONEY_PATTERN refuses "%s"', (value) => {
    expect(MONEY_PATTERN.test(value)).toBe(false);
    expect(isMoneyString(value)).toBe(false);
  });

  it.each([500000, 0.01, null, undefined, { amount: '1' }, ['1']])(
    'isMoneyString refuses the non-string %p even when its digits would pass',
    (value) => {
      expect(isMoneyString(value)).toBe(false);
    },
  );

  it('parseMoney returns the exact decimal and refuses what the pattern refuses, naming the value', () => {
    expect(parseMoney('500000.5').toFixed(2)).toBe('500000.50');
    expect(() => parseMoney('1.001')).toThrow(new RangeError('not a money amount: "1.001"'));
    expect(() => parseMoney('-1')).toThrow(RangeError);
  });
});

describe('formatMoney rounds half-up to cents and prints exactly two places', () => {
  it.each([
    ['0.005', '0.01'],
    ['0.004', '0.00'],
    ['2.675', '2.68'], // the float trap: (2.675).toFixed(2) is "2.67"
    ['1.005', '1.01'], // (1.005).toFixed(2) is "1.00"
    ['1.0049999', '1.00'],
    ['1', '1.00'],
    ['500000.5', '500000.50'],
    ['123456789012345678.995', '123456789012345679.00'],
    ['0', '0.00'],
  ])('formatMoney("%s") is "%s"', (value, expected) => {
    expect(formatMoney(value)).toBe(expected);
  });

  it('differs from Number#toFixed exactly where binary floats go wrong', () => {
    expect((2.675).toFixed(2)).toBe('2.67');
    expect(formatMoney('2.675')).toBe('2.68');
  });

  it('prints any decimal string as Decimal rounds and prints it, column reads passed as they are', () => {
    const decimalString = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^\d{1,24}$/),
        fc.option(fc.stringMatching(/^\d{0,5}$/)),
      )
      .map(
        ([sign, whole, fraction]) => `${sign}${whole}${fraction === null ? '' : `.${fraction}`}`,
      );
    fc.assert(
      fc.property(decimalString, (value) => {
        const viaDecimal = new Money(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
        expect(formatMoney(value)).toBe(viaDecimal);
      }),
      { numRuns: 2_000 },
    );
    for (const read of ['0.00', '169843.26', '-0.00', '-12.50', '00.10', '1.5', '7.']) {
      expect(formatMoney(read)).toBe(new Money(read).toFixed(2));
    }
  });
});

describe('sumMoney adds exactly', () => {
  it('sums "0.10" and "0.20" to exactly 0.30, where floats give 0.30000000000000004', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    const total = sumMoney(['0.10', '0.20']);
    expect(total.toString()).toBe('0.3');
    expect(formatMoney(total)).toBe('0.30');
    expect(total.equals('0.3')).toBe(true);
  });

  it('sums a thousand cents to exactly ten', () => {
    expect(sumMoney(Array.from({ length: 1000 }, () => '0.01')).toString()).toBe('10');
  });

  it('gives zero for the empty sum', () => {
    expect(sumMoney([]).toString()).toBe('0');
  });

  it('accepts a generator, not only arrays', () => {
    function* amounts() {
      yield '1.10';
      yield '2.20';
      yield '3.30';
    }
    expect(formatMoney(sumMoney(amounts()))).toBe('6.60');
  });
});

describe('parseRate reads rates and ratios', () => {
  it.each([
    ['0.0435', '0.0435'],
    ['1', '1'],
    ['0.8', '0.8'],
    ['15', '15'],
    ['0.0000000001', '1e-10'],
  ])('parses "%s" exactly', (value, expected) => {
    expect(RATE_PATTERN.test(value)).toBe(true);
    expect(parseRate(value).toString()).toBe(expected);
  });

  it.each(['-0.1', '0.00000000001', '1e-2', '01', '.5', 'abc', '', '1000000'])(
    'refuses "%s" with a RangeError naming the value',
    (value) => {
      expect(() => parseRate(value)).toThrow(new RangeError(`not a rate: "${value}"`));
    },
  );

  it('keeps full precision in arithmetic: 3.00% + 0.35% spread is 0.0335', () => {
    expect(parseRate('0.03').plus(parseRate('0.0035')).toString()).toBe('0.0335');
  });
});
