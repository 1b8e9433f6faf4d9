import type { Logger } from 'pino';
import { everyHour } from './every-hour';

describe('everyHour', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs now and once an hour after; a failure is logged and the next hour runs again', async () => {
    const warn = jest.fn();
    const work = jest
      .fn<Promise<unknown>, []>()
      .mockRejectedValueOnce(new Error('database away'))
      .mockResolvedValue(3);
    const timer = everyHour('purging', work, { warn } as unknown as Logger);
    expect(work).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(warn).toHaveBeenCalledWith(
      { err: expect.objectContaining({ message: 'database away' }) },
      'purging failed; next hour again',
    );
    await jest.advanceTimersByTimeAsync(3_599_999);
    expect(work).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(work).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(timer.hasRef()).toBe(false);
    clearInterval(timer);
  });
});
