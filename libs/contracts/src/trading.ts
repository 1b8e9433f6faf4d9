import * as t from './gen/tf/trading/v1/events_pb';
import { event } from './contract';

/** Trading events other services consume (the trading service itself comes later). */
export const TradingEvents = {
  tradeDealClosed: event('trading', 'trade-deal-closed', t.TradeDealClosedSchema),
  collateralSold: event('trading', 'collateral-sold', t.CollateralSoldSchema),
} as const;
