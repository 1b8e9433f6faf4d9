import { ValuationPolicySection } from '@tf/contracts';
import type { ServicePolicy } from '@tf/platform';
import { DEFAULT_VALUATION_POLICY, valuationPolicyProblems } from './domain/policy';

/** The valuation section of every center's policy: owned, checked and stored by this service. */
export const VALUATION_POLICY: ServicePolicy = {
  section: ValuationPolicySection,
  defaults: DEFAULT_VALUATION_POLICY,
  problems: (policy) => valuationPolicyProblems(policy as never),
};
