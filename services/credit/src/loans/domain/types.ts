import type {
  LoanClassification,
  PatentType,
  ProductCode,
  RepaymentMethod,
} from '@tf/contracts/vocabulary';

/**
 * The loan rules work on plain values: money and rates as decimal strings ("1000000.00",
 * "0.0385"), dates as "YYYY-MM-DD". Nothing here knows of Nest, a database or a message.
 */

/** A loan product of a center (DOMAIN.md "Credit", *policy*). */
export interface LoanProduct {
  code: ProductCode;
  name: string;
  minPrincipal: string;
  maxPrincipal: string;
  minTermMonths: number;
  maxTermMonths: number;
  /** Added to the center's LPR: the contract rate, fixed at disbursement. */
  spread: string;
  repaymentMethods: RepaymentMethod[];
}

/** The credit section of a center's policy. */
export interface CreditPolicy {
  /** The one-year Loan Prime Rate. */
  loanPrimeRate: string;
  /** Penalty rate on overdue principal = this × the contract rate. */
  penaltyRateMultiplier: string;
  /** Loan-to-value caps on the appraised pledge value, by patent type. */
  ltvInvention: string;
  ltvUtilityModel: string;
  ltvDesign: string;
  /** Days past due from which a loan is in each class (normal below the first). */
  specialMentionFromDays: number;
  substandardFromDays: number;
  doubtfulFromDays: number;
  lossFromDays: number;
  products: LoanProduct[];
}

/** One line of a schedule. */
export interface Installment {
  number: number;
  dueOn: string;
  principal: string;
  interest: string;
}

/** An installment as it stands: what it asks for and what has been paid of it. */
export interface InstallmentPosition extends Installment {
  principalPaid: string;
  interestPaid: string;
}

/** What a repayment is allocated to, in the order it pays them. */
export interface Allocation {
  penalty: string;
  /** Interest of installments due before the payment date, oldest first. */
  overdueInterest: string;
  overduePrincipal: string;
  /** The installment due on or after the payment date. */
  currentInterest: string;
  currentPrincipal: string;
  /** Principal paid ahead of its installments: the rest of the schedule is re-amortised. */
  prepaidPrincipal: string;
}

export interface ClassificationThresholds {
  specialMentionFromDays: number;
  substandardFromDays: number;
  doubtfulFromDays: number;
  lossFromDays: number;
}

export type { LoanClassification, PatentType, ProductCode, RepaymentMethod };
