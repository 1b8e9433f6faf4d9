import { InvestmentSchema1796254076585 } from './1796254076585-investment-schema';
import { LinkedLoans1796291100000 } from './1796291100000-linked-loans';

/**
 * The investment schema's history, oldest first. A migration is never edited once it has run
 * somewhere: a change is a new one.
 */
export const migrations = [InvestmentSchema1796254076585, LinkedLoans1796291100000];
