export * from './contract';
export * from './vocabulary';
export * as common from './gen/tf/common/v1/envelope_pb';
export * as credit from './gen/tf/credit/v1/credit_pb';
export * as guarantee from './gen/tf/guarantee/v1/guarantee_pb';
export * as investment from './gen/tf/investment/v1/investment_pb';
export * as tenancy from './gen/tf/tenancy/v1/tenancy_pb';
export * as trading from './gen/tf/trading/v1/trading_pb';
export * as valuation from './gen/tf/valuation/v1/valuation_pb';
export * from './credit';
export * from './guarantee';
export * from './investment';
export * from './ops';
export * from './tenancy';
export * from './trading';
export * from './valuation';

export * from './policy-sections';
