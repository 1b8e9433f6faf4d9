import { NON_PERFORMING } from '@tf/contracts/vocabulary';
import { Money } from '@tf/core';

/**
 * The non-performing loan ratio of a classified book: what is outstanding in the substandard,
 * doubtful and loss classes over all that is outstanding, to 4 places; null for an empty book.
 */
export function nplRatio(
  classes: readonly { classification: string; outstanding: string }[],
): string | null {
  const total = classes.reduce((sum, c) => sum.plus(c.outstanding), new Money(0));
  if (total.isZero()) return null;
  const npl = classes
    .filter((c) => (NON_PERFORMING as readonly string[]).includes(c.classification))
    .reduce((sum, c) => sum.plus(c.outstanding), new Money(0));
  return npl.dividedBy(total).toFixed(4);
}
