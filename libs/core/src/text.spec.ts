import { plainTextProblem } from './text';

describe("a person's text: a title, a name, a note", () => {
  it('stands when it is printable and short enough; a note may run over lines', () => {
    expect(plainTextProblem('固态电池专利 Solid-state battery', { max: 200 })).toBeNull();
    expect(plainTextProblem('line one\nline two', { max: 200, multiline: true })).toBeNull();
  });

  it('is refused blank, too long, with a NUL byte or another control character, or over lines where one is asked', () => {
    expect(plainTextProblem('   ', { max: 10 })).toBe('must not be blank');
    expect(plainTextProblem('x'.repeat(11), { max: 10 })).toBe('must be at most 10 characters');
    expect(plainTextProblem('a\u0000b', { max: 10 })).toBe('must not contain control characters');
    expect(plainTextProblem('a\u009Fb', { max: 10, multiline: true })).toBe(
      'must not contain control characters',
    );
    expect(plainTextProblem('a\nb', { max: 10 })).toBe('must be one line');
  });
});
