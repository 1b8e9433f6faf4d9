import { CreditPolicySection } from '@tf/contracts';
import type { ServicePolicy } from '@tf/platform';
import { creditPolicyProblems, DEFAULT_CREDIT_POLICY } from '../loans/domain/policy';

/** The credit section of every center's policy: owned, checked and stored by this service. */
export const CREDIT_POLICY: ServicePolicy = {
  section: CreditPolicySection,
  defaults: DEFAULT_CREDIT_POLICY,
  problems: (policy) => creditPolicyProblems(policy as never),
};
