import { patentCheck, validCreditCode, validPatentNumber } from '@tf/testing';
import { creditCode, creditCodeCheck, patentNumber } from './ids';

describe('deterministic identifiers, checked against the rules libs/testing writes out', () => {
  it('a credit code: 18 characters of the GB 32100-2015 alphabet, its check character the rule’s', () => {
    for (let serial = 0; serial < 500; serial += 7) {
      const code = creditCode('370100', serial);
      expect(code).toMatch(/^91370100MA[0-9A-HJ-NPQRTUWXY]{8}$/);
      expect(creditCode('370100', serial)).toBe(code);
    }
    // The same check character as the random generator of the tests gives its codes.
    for (let i = 0; i < 50; i++) {
      const code = validCreditCode();
      expect(creditCodeCheck(code.slice(0, 17))).toBe(code.charAt(17));
    }
  });

  it('a credit code per serial: no two serials share one', () => {
    const codes = new Set(Array.from({ length: 5000 }, (_, i) => creditCode('110108', i * 31 + 5)));
    expect(codes.size).toBe(5000);
  });

  it('a patent number: CN, year, type digit, serial and the CNIPA check character', () => {
    expect(patentNumber('invention', 2021, 123456)).toBe(
      validPatentNumber('invention', { year: 2021, serial: 123456 }),
    );
    expect(patentNumber('utility_model', 2025, 9_999_999)).toBe(
      validPatentNumber('utility_model', { year: 2025, serial: 9_999_999 }),
    );
    const number = patentNumber('invention', 2019, 4242);
    expect(number.slice(-1)).toBe(patentCheck(number.slice(2, 14)));
  });
});
