import { CreditSchema1796231440715 } from './1796231440715-credit-schema';
import { CreditForeignKeyIndexes1796240000000 } from './1796240000000-credit-foreign-key-indexes';
import { LinkedLoans1796291000000 } from './1796291000000-linked-loans';
import { HistoricalBook1796300000000 } from './1796300000000-historical-book';

/**
 * The credit schema's history, oldest first. A migration is never edited once it has run
 * somewhere: a change is a new one.
 */
export const migrations = [
  CreditSchema1796231440715,
  CreditForeignKeyIndexes1796240000000,
  LinkedLoans1796291000000,
  HistoricalBook1796300000000,
];
