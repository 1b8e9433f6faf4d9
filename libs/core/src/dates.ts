/** Dates without time travel as "YYYY-MM-DD" (ARCHITECTURE.md "Data"); these read and move them. */

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

/** The UTC calendar date of an instant, "YYYY-MM-DD". */
export function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}
