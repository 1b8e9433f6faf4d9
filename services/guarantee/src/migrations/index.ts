import { GuaranteeSchema1796221073722 } from './1796221073722-guarantee-schema';
import { Claims1796226000000 } from './1796226000000-claims';
import { Declines1796233000000 } from './1796233000000-declines';

/**
 * The guarantee schema's history, oldest first. A migration is never edited once it has run
 * somewhere: a change is a new one. The values its CHECKs allow are held to the vocabulary of
 * @tf/contracts by test/schema.integration.spec.ts.
 */
export const migrations = [
  GuaranteeSchema1796221073722,
  Claims1796226000000,
  Declines1796233000000,
];
