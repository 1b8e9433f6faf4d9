import type { PolicySection } from './contract';
import { CreditPolicySection } from './credit';
import { GuaranteePolicySection } from './guarantee';
import { InvestmentPolicySection } from './investment';
import { TradingPolicySection } from './trading';
import { ValuationPolicySection } from './valuation';

/** Every section of a center's policy, each owned by its service; a new service adds its own. */
export const POLICY_SECTIONS: readonly PolicySection[] = [
  ValuationPolicySection,
  GuaranteePolicySection,
  CreditPolicySection,
  InvestmentPolicySection,
  TradingPolicySection,
];
