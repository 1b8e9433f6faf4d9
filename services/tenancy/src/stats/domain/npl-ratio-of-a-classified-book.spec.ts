import { nplRatio } from './npl-ratio';

describe('the NPL ratio of a classified book', () => {
  it('is substandard + doubtful + loss over all outstanding: (300 + 200 + 100) / 10,000 = 0.0600', () => {
    expect(
      nplRatio([
        { classification: 'normal', outstanding: '9000.00' },
        { classification: 'special_mention', outstanding: '400.00' },
        { classification: 'substandard', outstanding: '300.00' },
        { classification: 'doubtful', outstanding: '200.00' },
        { classification: 'loss', outstanding: '100.00' },
      ]),
    ).toBe('0.0600');
  });

  it('is 0 for a performing book and null for an empty one (no ratio of nothing)', () => {
    expect(nplRatio([{ classification: 'normal', outstanding: '5.00' }])).toBe('0.0000');
    expect(nplRatio([{ classification: 'normal', outstanding: '0.00' }])).toBeNull();
    expect(nplRatio([])).toBeNull();
  });

  it('rounds half up at the 4th place: 1 / 3 = 0.3333, 2 / 3 = 0.6667', () => {
    expect(
      nplRatio([
        { classification: 'normal', outstanding: '2.00' },
        { classification: 'loss', outstanding: '1.00' },
      ]),
    ).toBe('0.3333');
    expect(
      nplRatio([
        { classification: 'normal', outstanding: '1.00' },
        { classification: 'loss', outstanding: '2.00' },
      ]),
    ).toBe('0.6667');
  });
});
