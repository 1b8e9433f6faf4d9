import { HISTORICAL_BOOK_MONTHS } from '@tf/contracts/vocabulary';
import { addMonths, isIsoDate } from '@tf/core';

/**
 * The day an application counts from. A bank joining the center brings its book: a loan it took
 * the application for (and disbursed) before, dated `appliedOn`, from which the schedule, the
 * days past due and the classification follow as they did at the bank. Never ahead of today,
 * and no further back than HISTORICAL_BOOK_MONTHS. Absent, it is today.
 */
export function applicationDay(
  appliedOn: string | undefined,
  today: string,
): { day: string } | { problem: { field: 'appliedOn'; message: string } } {
  if (appliedOn === undefined) return { day: today };
  const problem = (message: string) => ({ problem: { field: 'appliedOn' as const, message } });
  if (!isIsoDate(appliedOn)) return problem('must be a date YYYY-MM-DD');
  if (appliedOn > today) return problem('must not be in the future');
  const earliest = addMonths(today, -HISTORICAL_BOOK_MONTHS);
  if (appliedOn < earliest)
    return problem(
      `must not be before ${earliest}: a bank's historical book reaches back ${HISTORICAL_BOOK_MONTHS} months`,
    );
  return { day: appliedOn };
}
