import {
  isIsoDate,
  isMoneyString,
  isUuid,
  Money,
  textFieldProblems,
  type FieldProblem,
} from '@tf/core';
import { FUND_FLOW_KINDS, MAX_COMMITTEE_MEMBERS } from '@tf/contracts/vocabulary';
import { investmentPolicyProblems, type InvestmentPolicy } from './policy';

export interface FundInput {
  name: string;
  size: string;
  vintageYear: number;
  managementFeeRate?: string;
  carriedInterestRate?: string;
  hurdleRate?: string;
  committee: string[];
  managerPartnerId?: string;
}

/** A positive amount of money as the wire writes it: "5000000" or "5000000.00". */
export function positiveMoneyProblem(field: string, value: string): FieldProblem[] {
  return isMoneyString(value) && new Money(value).greaterThan(0)
    ? []
    : [
        {
          field,
          message: 'must be a positive decimal string with at most 2 places, such as "5000000.00"',
        },
      ];
}

/** A calendar day that has come: flows, rounds, marks and exits are recorded, not planned. */
export function pastDateProblem(field: string, value: string, today: string): FieldProblem[] {
  if (!isIsoDate(value)) return [{ field, message: 'must be a date written YYYY-MM-DD' }];
  return value > today ? [{ field, message: `must not be after today (${today})` }] : [];
}

export function textProblem(field: string, value: string, max = 200): FieldProblem[] {
  return textFieldProblems(field, value, { max });
}

/**
 * A new fund: its size, vintage and committee; fees within the bounds the center's policy keeps
 * (they default to the policy's), and a committee large enough to reach the quorum.
 */
export function fundProblems(input: FundInput, policy: InvestmentPolicy): FieldProblem[] {
  const problems = [
    ...textProblem('name', input.name),
    ...positiveMoneyProblem('size', input.size),
  ];
  if (!Number.isInteger(input.vintageYear) || input.vintageYear < 1990 || input.vintageYear > 2100)
    problems.push({ field: 'vintageYear', message: 'must be a year from 1990 to 2100' });
  const overrides: Partial<InvestmentPolicy> = {};
  if (input.managementFeeRate !== undefined) overrides.managementFeeRate = input.managementFeeRate;
  if (input.carriedInterestRate !== undefined)
    overrides.carriedInterestRate = input.carriedInterestRate;
  if (input.hurdleRate !== undefined) overrides.hurdleRate = input.hurdleRate;
  const fees = investmentPolicyProblems(Object.assign({}, policy, overrides));
  for (const problem of fees)
    problems.push(
      Object.assign({}, problem, { field: problem.field.replace(/^investment\./, '') }),
    );

  const members = input.committee;
  if (
    members.length < policy.committeeQuorum ||
    members.length > MAX_COMMITTEE_MEMBERS ||
    new Set(members).size !== members.length ||
    !members.every(isUuid)
  )
    problems.push({
      field: 'committee',
      message: `must list ${policy.committeeQuorum} to ${MAX_COMMITTEE_MEMBERS} different staff user ids (the center's quorum is ${policy.committeeQuorum})`,
    });
  if (input.managerPartnerId !== undefined && !isUuid(input.managerPartnerId))
    problems.push({ field: 'managerPartnerId', message: 'must be a partner id' });
  return problems;
}

export function limitedPartnerProblems(input: {
  name: string;
  commitment: string;
}): FieldProblem[] {
  return [
    ...textProblem('name', input.name),
    ...positiveMoneyProblem('commitment', input.commitment),
  ];
}

export function flowProblems(
  input: { kind: string; amount: string; on: string },
  today: string,
): FieldProblem[] {
  const problems = [
    ...positiveMoneyProblem('amount', input.amount),
    ...pastDateProblem('on', input.on, today),
  ];
  if (!(FUND_FLOW_KINDS as readonly string[]).includes(input.kind))
    problems.push({ field: 'kind', message: `must be one of ${FUND_FLOW_KINDS.join(', ')}` });
  return problems;
}
