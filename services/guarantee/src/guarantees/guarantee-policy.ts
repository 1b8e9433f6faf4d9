import { GuaranteePolicySection } from '@tf/contracts';
import type { ServicePolicy } from '@tf/platform';
import { DEFAULT_GUARANTEE_POLICY, guaranteePolicyProblems } from './domain/policy';

/** The guarantee section of every center's policy: owned, checked and stored by this service. */
export const GUARANTEE_POLICY: ServicePolicy = {
  section: GuaranteePolicySection,
  defaults: DEFAULT_GUARANTEE_POLICY,
  problems: (policy) => guaranteePolicyProblems(policy as never),
};
