import { Injectable } from '@nestjs/common';
import { isoDate } from '@tf/core';

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
    return isoDate(this.now());
  }

  /** Tests only: freeze time at an ISO date or timestamp; undefined releases it. */
  pin(at: string | undefined): void {
    this.pinned = at ? new Date(at.length === 10 ? `${at}T00:00:00Z` : at) : undefined;
  }
}
