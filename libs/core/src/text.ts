import type { FieldProblem } from './errors';

/** C0 and C1 control characters and DEL, but for tab, line feed and carriage return (text). */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * Why a person's text is refused, or null when it stands: blank, longer than `max`, a control
 * character (a NUL byte included), or a line break in a one-line field such as a title or a name
 * (a reason, a note or a message may run over lines).
 */
export function plainTextProblem(
  value: string,
  options: { max: number; multiline?: boolean },
): string | null {
  if (!value.trim()) return 'must not be blank';
  if (value.length > options.max) return `must be at most ${options.max} characters`;
  if (CONTROL_CHARACTERS.test(value)) return 'must not contain control characters';
  if (!options.multiline && /[\r\n]/.test(value)) return 'must be one line';
  return null;
}

/** An optional text field's problems, for a list of them: none when it is absent or stands. */
export function textFieldProblems(
  field: string,
  value: string | undefined,
  options: { max: number; multiline?: boolean },
): FieldProblem[] {
  const problem = value === undefined ? null : plainTextProblem(value, options);
  return problem ? [{ field, message: problem }] : [];
}
