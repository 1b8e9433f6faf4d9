import { CreditSchema1796231440715 } from './1796231440715-credit-schema';
import { CreditForeignKeyIndexes1796240000000 } from './1796240000000-credit-foreign-key-indexes';

/**
 * The credit schema's history, oldest first. A migration is never edited once it has run
 * somewhere: a change is a new one.
 */
export const migrations = [CreditSchema1796231440715, CreditForeignKeyIndexes1796240000000];
