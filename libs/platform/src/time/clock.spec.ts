import { addMonths, Clock } from './clock';

describe('dates', () => {
  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-26', 12)).toBe('2026-11-26');
    expect(addMonths('2025-12-15', 3)).toBe('2026-03-15');
  });

  it('a pinned clock answers the pinned date until released', () => {
    const clock = new Clock();
    clock.pin('2026-03-01');
    expect(clock.today()).toBe('2026-03-01');
    clock.pin(undefined);
    expect(clock.today()).toBe(new Date().toISOString().slice(0, 10));
  });
});
