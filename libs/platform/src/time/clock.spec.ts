import { Clock } from './clock';

describe('Clock', () => {
  it('a pinned clock answers the pinned date until released', () => {
    const clock = new Clock();
    clock.pin('2026-03-01');
    expect(clock.today()).toBe('2026-03-01');
    clock.pin(undefined);
    expect(clock.today()).toBe(new Date().toISOString().slice(0, 10));
  });
});
