import { InvestmentPolicySection } from '@tf/contracts';
import type { ServicePolicy } from '@tf/platform';
import { DEFAULT_INVESTMENT_POLICY, investmentPolicyProblems } from './domain/policy';

/** The investment section of every center's policy: owned, checked and stored by this service. */
export const INVESTMENT_POLICY: ServicePolicy = {
  section: InvestmentPolicySection,
  defaults: DEFAULT_INVESTMENT_POLICY,
  problems: (policy) => investmentPolicyProblems(policy as never),
};
