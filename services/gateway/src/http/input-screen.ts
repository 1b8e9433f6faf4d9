import { CONTROL_CHARACTERS, type FieldProblem } from '@tf/platform';

/**
 * What no request may carry, checked once on the parsed body and query before validation:
 * - nesting deeper than MAX_DEPTH (class-transformer recurses, and thousands of levels overflow
 *   its stack);
 * - keys that name JavaScript's prototype machinery (`__proto__`, `constructor`, `prototype`):
 *   class-transformer drops them silently, so they would pass as if unsent;
 * - control characters other than tab, line feed and carriage return (PostgreSQL refuses NUL in
 *   text, and the others have no place in a name, a title or a reason);
 * - lone surrogates ("\ud800" is valid JSON but not Unicode text): UTF-8 cannot carry one, so the
 *   driver would store U+FFFD in its place and the text kept would not be the text sent.
 * The walk is iterative, so no input can make it overflow either.
 */
export const MAX_DEPTH = 32;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** In a `u` regexp a pair is one code point, so only a half without its other half matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export type ScreenProblem = { kind: 'too-deep' } | { kind: 'field'; problem: FieldProblem };

export function screenInput(value: unknown): ScreenProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: node, path, depth } = next;
    if (typeof node === 'string') {
      if (CONTROL_CHARACTERS.test(node))
        return field(path || 'body', 'must not contain control characters');
      if (LONE_SURROGATE.test(node))
        return field(path || 'body', 'must be Unicode text (it has a lone surrogate)');
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_DEPTH) return { kind: 'too-deep' };
    for (const key of Object.keys(node)) {
      const child = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return field(child, 'is not a known field');
      if (CONTROL_CHARACTERS.test(key) || LONE_SURROGATE.test(key))
        return field(
          path || 'body',
          'has a field name with control characters or a lone surrogate',
        );
      stack.push({ value: (node as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return null;
}

function field(name: string, message: string): ScreenProblem {
  return { kind: 'field', problem: { field: name, message } };
}
