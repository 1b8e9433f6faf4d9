import { MAX_DEPTH, screenInput } from './input-screen';

const nested = (levels: number): unknown =>
  JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

describe('screenInput: what no request body or query may carry', () => {
  it('passes ordinary JSON, with tabs and newlines in text', () => {
    expect(
      screenInput({ name: '济南量子芯片', reason: 'line one\r\n\tline two', assets: [{ n: 1 }] }),
    ).toBeNull();
  });

  it(`passes ${MAX_DEPTH} levels of nesting and refuses one more`, () => {
    expect(screenInput(nested(MAX_DEPTH))).toBeNull();
    expect(screenInput(nested(MAX_DEPTH + 1))).toEqual({ kind: 'too-deep' });
  });

  it('refuses 100,000 levels without overflowing its own stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(screenInput(deep)).toEqual({ kind: 'too-deep' });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a "%s" key, naming it', (key) => {
    const body = JSON.parse(`{"name":"x","assets":[{"${key}":{"admin":true}}]}`);
    expect(screenInput(body)).toEqual({
      kind: 'field',
      problem: { field: `assets.0.${key}`, message: 'is not a known field' },
    });
  });

  it.each([
    ['NUL', '\u0000'],
    ['bell', '\u0007'],
    ['escape', '\u001b'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u0085'],
  ])('refuses a %s character in a value, naming its field', (_label, char) => {
    expect(screenInput({ assets: [{ title: `a${char}b` }] })).toEqual({
      kind: 'field',
      problem: { field: 'assets.0.title', message: 'must not contain control characters' },
    });
  });

  it('refuses a control character in a bare string body, naming the body', () => {
    expect(screenInput('x\u0000')).toEqual({
      kind: 'field',
      problem: { field: 'body', message: 'must not contain control characters' },
    });
  });

  it.each([
    ['a high half', 'a\ud800b'],
    ['a low half', '\udc00'],
    ['a high half at the end', '济南\ud83d'],
  ])('refuses a lone surrogate (%s) in a value, naming its field', (_label, text) => {
    // As JSON.parse makes it from "\ud800": valid JSON, not Unicode text.
    expect(screenInput(JSON.parse(JSON.stringify({ name: text })))).toEqual({
      kind: 'field',
      problem: { field: 'name', message: 'must be Unicode text (it has a lone surrogate)' },
    });
  });

  it('passes whole pairs: emoji, astral CJK and mathematical letters', () => {
    expect(screenInput({ name: '😀 𠀀 𝟘 👨‍👩‍👧‍👦', note: '\u202eRTL\u200f' })).toBeNull();
  });
});
