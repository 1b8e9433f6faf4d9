/** `items[index]`, or an error naming what was missing (the plan's arrays are never sparse). */
export function at<T>(items: readonly T[], index: number, what = 'item'): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no ${what} at ${index} of ${items.length}`);
  return item;
}

/** A value the code before made sure of, or an error naming it. */
export function known<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}
