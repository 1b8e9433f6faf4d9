import { applicationDay } from './historical-book';

const today = '2026-12-03';

describe("a bank's historical book: appliedOn", () => {
  it('is today when left out', () => {
    expect(applicationDay(undefined, today)).toEqual({ day: today });
  });

  it('takes a day up to 36 months back, both ends included', () => {
    for (const day of ['2026-12-03', '2026-08-05', '2023-12-03'])
      expect(applicationDay(day, today)).toEqual({ day });
  });

  it('refuses tomorrow, a day before the three years, and what is not a date', () => {
    expect(applicationDay('2026-12-04', today)).toEqual({
      problem: { field: 'appliedOn', message: 'must not be in the future' },
    });
    expect(applicationDay('2023-12-02', today)).toEqual({
      problem: {
        field: 'appliedOn',
        message: "must not be before 2023-12-03: a bank's historical book reaches back 36 months",
      },
    });
    for (const day of ['2026-02-30', '03/12/2026', ''])
      expect(applicationDay(day, today)).toEqual({
        problem: { field: 'appliedOn', message: 'must be a date YYYY-MM-DD' },
      });
  });
});
