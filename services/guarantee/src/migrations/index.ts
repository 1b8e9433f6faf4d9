import { GuaranteeSchema1796221073722 } from './1796221073722-guarantee-schema';

/**
 * The guarantee schema's history, oldest first. A migration is never edited once it has run
 * somewhere: a change is a new one.
 */
export const migrations = [GuaranteeSchema1796221073722];
