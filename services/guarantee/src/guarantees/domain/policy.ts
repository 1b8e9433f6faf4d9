import { Money, RATE_PATTERN, type FieldProblem } from '@tf/core';
import { LEVERAGE_MULTIPLES, RISK_PARTIES } from '@tf/contracts/vocabulary';
import type { GuaranteePolicy } from './types';

/**
 * A center's guarantee policy until its admin changes it (DOMAIN.md "Guarantee", *policy*): the
 * 2017 Regulations' 10× leverage (15× for an institution serving mainly small and micro
 * enterprises), 10 % of net assets for one client and 15 % with its group, a fee of at most 1 % a
 * year for policy-based guarantees, and the 4-3-2-1 split of government financing guarantees.
 */
export const DEFAULT_GUARANTEE_POLICY: Readonly<GuaranteePolicy> = Object.freeze({
  leverageMultiple: 10,
  singleClientLimitRatio: '0.10',
  groupLimitRatio: '0.15',
  annualFeeRate: '0.01',
  annualFeeRateCap: '0.01',
  riskShareInstitution: '0.40',
  riskShareReGuarantee: '0.30',
  riskShareBank: '0.20',
  riskShareGovernment: '0.10',
  claimWaitingDays: 30,
});

/** The policy field that holds each party's share of the risk. */
export const RISK_SHARE_FIELDS = {
  institution: 'riskShareInstitution',
  re_guarantee: 'riskShareReGuarantee',
  bank: 'riskShareBank',
  government: 'riskShareGovernment',
} as const satisfies Record<(typeof RISK_PARTIES)[number], keyof GuaranteePolicy>;

/** Every rule the guarantee section must keep; fields are named `guarantee.<field>`. */
export function guaranteePolicyProblems(policy: GuaranteePolicy): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string) => `guarantee.${field}`;
  const ratio = (field: keyof GuaranteePolicy, { allowZero = false } = {}) => {
    const value = String(policy[field]);
    if (!RATE_PATTERN.test(value)) {
      problems.push({ field: at(field), message: 'must be a decimal string such as "0.10"' });
      return false;
    }
    const d = new Money(value);
    if ((!allowZero && d.isZero()) || d.greaterThan(1)) {
      problems.push({
        field: at(field),
        message: `must be ${allowZero ? 'at least 0' : 'above 0'} and at most 1`,
      });
      return false;
    }
    return true;
  };

  if (!(LEVERAGE_MULTIPLES as readonly number[]).includes(policy.leverageMultiple)) {
    problems.push({
      field: at('leverageMultiple'),
      message: `must be ${LEVERAGE_MULTIPLES.join(' or ')} (2017 Regulations, art. 15)`,
    });
  }
  const single = ratio('singleClientLimitRatio');
  const group = ratio('groupLimitRatio');
  if (single && new Money(policy.singleClientLimitRatio).greaterThan('0.10')) {
    problems.push({
      field: at('singleClientLimitRatio'),
      message: 'may not exceed 0.10 of net assets (2017 Regulations, art. 16)',
    });
  }
  if (group && new Money(policy.groupLimitRatio).greaterThan('0.15')) {
    problems.push({
      field: at('groupLimitRatio'),
      message: 'may not exceed 0.15 of net assets (2017 Regulations, art. 16)',
    });
  }
  if (
    single &&
    group &&
    new Money(policy.groupLimitRatio).lessThan(policy.singleClientLimitRatio)
  ) {
    problems.push({
      field: at('groupLimitRatio'),
      message: 'must be at least the single-client limit: a group includes the client',
    });
  }
  const fee = ratio('annualFeeRate');
  const cap = ratio('annualFeeRateCap');
  if (fee && cap && new Money(policy.annualFeeRate).greaterThan(policy.annualFeeRateCap)) {
    problems.push({ field: at('annualFeeRate'), message: 'must not exceed annualFeeRateCap' });
  }
  const shares = Object.values(RISK_SHARE_FIELDS).map((field) => ratio(field, { allowZero: true }));
  if (shares.every(Boolean)) {
    const total = Object.values(RISK_SHARE_FIELDS).reduce(
      (sum, field) => sum.plus(policy[field]),
      new Money(0),
    );
    if (!total.equals(1)) {
      problems.push({
        field: at('riskShareInstitution'),
        message: `the four risk shares must add up to exactly 1 (they add up to ${total.toString()})`,
      });
    }
  }
  const days = policy.claimWaitingDays;
  if (!Number.isInteger(days) || days < 0 || days > 365) {
    problems.push({
      field: at('claimWaitingDays'),
      message: 'must be a whole number from 0 to 365',
    });
  }
  return problems;
}
