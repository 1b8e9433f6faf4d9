import { ValuationPolicySection } from './valuation';

/** Every section of a center's policy, each owned by its service; a new service adds its own. */
export const POLICY_SECTIONS = [ValuationPolicySection] as const;
