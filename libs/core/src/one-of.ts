/** Whether a string from outside (a message, a row) is one of an enumeration's values. */
export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}
