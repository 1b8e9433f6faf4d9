import {
  COUNTER_GUARANTEE_KINDS,
  MAX_COUNTER_GUARANTEES,
  MAX_TERM_MONTHS,
} from '@tf/contracts/vocabulary';
import { isOneOf, isUuid, Money, MONEY_PATTERN, RATE_PATTERN, type FieldProblem } from '@tf/core';
import type { ApplicationInput } from './types';

/** What is wrong with an application before anything is looked up, by field. */
export function applicationProblems(input: ApplicationInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!MONEY_PATTERN.test(input.principal) || new Money(input.principal).isZero()) {
    problems.push({
      field: 'principal',
      message: 'must be an amount above 0 with at most 2 decimal places, such as "2000000"',
    });
  }
  if (
    !Number.isInteger(input.termMonths) ||
    input.termMonths < 1 ||
    input.termMonths > MAX_TERM_MONTHS
  ) {
    problems.push({
      field: 'termMonths',
      message: `must be a whole number of months from 1 to ${MAX_TERM_MONTHS}`,
    });
  }
  if (
    !RATE_PATTERN.test(input.coverageRatio) ||
    new Money(input.coverageRatio).isZero() ||
    new Money(input.coverageRatio).greaterThan(1)
  ) {
    problems.push({
      field: 'coverageRatio',
      message: 'must be a decimal string above 0 and at most 1, such as "0.80"',
    });
  }
  if (input.counterGuarantees.length > MAX_COUNTER_GUARANTEES) {
    problems.push({
      field: 'counterGuarantees',
      message: `may hold at most ${MAX_COUNTER_GUARANTEES}`,
    });
  }
  const seen = new Set<string>();
  input.counterGuarantees.forEach((counter, i) => {
    if (!isOneOf(COUNTER_GUARANTEE_KINDS, counter.kind)) {
      problems.push({
        field: `counterGuarantees[${i}].kind`,
        message: `must be one of ${COUNTER_GUARANTEE_KINDS.join(', ')}`,
      });
    }
    if (!isUuid(counter.valuationId)) {
      problems.push({
        field: `counterGuarantees[${i}].valuationId`,
        message: 'must be a valuation id',
      });
    } else if (seen.has(counter.valuationId)) {
      problems.push({ field: `counterGuarantees[${i}].valuationId`, message: 'is pledged twice' });
    }
    seen.add(counter.valuationId);
  });
  return problems;
}
