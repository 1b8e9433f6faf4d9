import * as m from './gen/tf/investment/v1/investment_pb';
import { query } from './contract';

/** The investment service's operations. */
export const InvestmentRpc = {
  get: query('tf.investment.fund.get', m.GetFundRequestSchema, m.FundSchema),
} as const;
