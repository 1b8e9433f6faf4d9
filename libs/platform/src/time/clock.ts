import { Injectable } from '@nestjs/common';

/**
 * The one source of "now" for domain code: services ask the clock, pure functions take dates as
 * arguments, and tests can pin it (`clock.pin('2026-03-01')`) without touching globals.
 */
@Injectable()
export class Clock {
  private pinned: Date | undefined;

  now(): Date {
    return this.pinned ? new Date(this.pinned) : new Date();
  }

  /** Today's date in UTC, "YYYY-MM-DD". */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /** Tests only: freeze time at an ISO date or timestamp; undefined releases it. */
  pin(at: string | undefined): void {
    this.pinned = at ? new Date(at.length === 10 ? `${at}T00:00:00Z` : at) : undefined;
  }
}

/** "YYYY-MM-DD" plus whole months, clamped to the month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
