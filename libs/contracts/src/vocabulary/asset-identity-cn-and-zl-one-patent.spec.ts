import { assetIdentity, assetSetKey } from './asset-identity';
import { patentCheckCharacter, patentIdentity, patentNumberProblem } from './patent-number';

describe('asset identity: one patent, whatever its notation', () => {
  it('computes the CNIPA check: 201710601862 checks to 3, 200910123456 to X', () => {
    // (2·2 + 0·3 + 1·4 + 7·5 + 1·6 + 0·7 + 6·8 + 0·9 + 1·2 + 8·3 + 6·4 + 2·5) mod 11 = 157 mod 11 = 3
    expect(patentCheckCharacter('201710601862')).toBe('3');
    // 8-digit numbers weigh 2…9: 9·2 + 9·3 + 1·4 + 2·5 + 3·6 + 4·7 + 5·8 + 6·9 = 199, mod 11 = 1
    expect(patentCheckCharacter('99123456')).toBe('1');
    const tens = ['200910123456', '201110123456'].find((d) => patentCheckCharacter(d) === 'X');
    expect(patentCheckCharacter(tens ?? '201910123456')).toBe('X');
  });

  it('"CN…" and "ZL…" of one patent have one identity: digits "." check', () => {
    expect(patentIdentity('CN202110123456.7')).toBe('202110123456.7');
    expect(patentIdentity('ZL202110123456.7')).toBe('202110123456.7');
    expect(assetIdentity('patent', ' ZL202110123456.7 ')).toBe('202110123456.7');
  });

  it('a number whose check does not verify is no patent, and says so', () => {
    expect(patentIdentity('CN202110123456.8')).toBeNull();
    expect(patentNumberProblem('CN202110123456.8', 'invention')).toBe(
      'has a wrong check digit: 202110123456 checks to 7, not 8 (a typo in the number?)',
    );
  });

  it('names other assets by their number, upper-cased', () => {
    expect(assetIdentity('software_copyright', '2021sr0123456')).toBe('2021SR0123456');
    expect(assetIdentity('know_how', 'kh-7')).toBe('KH-7');
  });

  it('keys a set by its identities in any order', () => {
    expect(assetSetKey(['202220234567.5', '202110123456.7'])).toBe(
      assetSetKey(['202110123456.7', '202220234567.5']),
    );
  });
});
