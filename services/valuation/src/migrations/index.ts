import { ValuationSchema1764115500000 } from './1764115500000-valuation-schema';
import { LiveValuations1764300200000 } from './1764300200000-live-valuations';

/**
 * The valuation schema's history, oldest first. A migration is never edited once it has run
 * somewhere: a change is a new one. The values its CHECKs allow are held to the vocabulary of
 * @tf/contracts by test/schema.integration.spec.ts.
 */
export const migrations = [ValuationSchema1764115500000, LiveValuations1764300200000];
