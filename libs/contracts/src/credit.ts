import * as c from './gen/tf/credit/v1/events_pb';
import { event } from './contract';

/** Credit events other services consume (the credit service itself comes later). */
export const CreditEvents = {
  loanDisbursed: event('credit', 'loan-disbursed', c.LoanDisbursedSchema),
  loanRepaid: event('credit', 'loan-repaid', c.LoanRepaidSchema),
  loanClosed: event('credit', 'loan-closed', c.LoanClosedSchema),
  loanDefaulted: event('credit', 'loan-defaulted', c.LoanDefaultedSchema),
} as const;
