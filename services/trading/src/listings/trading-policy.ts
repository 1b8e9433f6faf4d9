import { TradingPolicySection } from '@tf/contracts';
import type { ServicePolicy } from '@tf/platform';
import { DEFAULT_TRADING_POLICY, tradingPolicyProblems } from './domain/policy';

/** The trading section of every center's policy: owned, checked and stored by this service. */
export const TRADING_POLICY: ServicePolicy = {
  section: TradingPolicySection,
  defaults: DEFAULT_TRADING_POLICY,
  problems: (policy) => tradingPolicyProblems(policy as never),
};
