import { isMoneyString, Money, RATE_PATTERN, type FieldProblem } from '@tf/core';
import { INSTRUMENTS } from '@tf/contracts/vocabulary';
import { pastDateProblem, positiveMoneyProblem } from './fund-inputs';

/** A closing or a follow-on round: money in at a positive pre-money valuation, on a day that has come. */
export function roundProblems(
  input: { amount: string; preMoneyValuation: string; on: string; instrument?: string },
  dateField: string,
  today: string,
): FieldProblem[] {
  const problems = [
    ...positiveMoneyProblem('amount', input.amount),
    ...positiveMoneyProblem('preMoneyValuation', input.preMoneyValuation),
    ...pastDateProblem(dateField, input.on, today),
  ];
  if (
    input.instrument !== undefined &&
    !(INSTRUMENTS as readonly string[]).includes(input.instrument)
  )
    problems.push({ field: 'instrument', message: `must be one of ${INSTRUMENTS.join(', ')}` });
  return problems;
}

export function markProblems(
  input: { fairValue: string; markedOn: string },
  today: string,
): FieldProblem[] {
  const problems = pastDateProblem('markedOn', input.markedOn, today);
  if (!isMoneyString(input.fairValue))
    problems.push({
      field: 'fairValue',
      message: 'must be a decimal string with at most 2 places (0 writes it off)',
    });
  return problems;
}

export function exitProblems(
  input: { fraction: string; proceeds: string; exitedOn: string },
  today: string,
): FieldProblem[] {
  const problems = pastDateProblem('exitedOn', input.exitedOn, today);
  if (
    !RATE_PATTERN.test(input.fraction) ||
    new Money(input.fraction).isZero() ||
    new Money(input.fraction).greaterThan(1)
  )
    problems.push({
      field: 'fraction',
      message: 'must be the share of the holding sold, above 0 and at most 1 ("1" sells it all)',
    });
  if (!isMoneyString(input.proceeds))
    problems.push({ field: 'proceeds', message: 'must be a decimal string with at most 2 places' });
  return problems;
}
