/**
 * The pure core: what domain code may use. Money, dates, ids and declared errors, with no Nest,
 * TypeORM or nats behind them, so a pure function can be imported (and tested) on its own.
 */
export * from './dates';
export * from './errors';
export * from './ids';
export * from './money';
export * from './one-of';
export * from './text';
