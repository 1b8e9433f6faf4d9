import { TradingSchema1796275607323 } from './1796275607323-trading-schema';

/**
 * The trading schema's history, oldest first. A migration is never edited once it has run
 * somewhere: a change is a new one.
 */
export const migrations = [TradingSchema1796275607323];
