import { GetPolicyRequestSchema } from './gen/tf/common/v1/envelope_pb';
import * as m from './gen/tf/credit/v1/credit_pb';
import { command, event, policySection, query, slow } from './contract';

/** The credit service's operations (API.md "Credit"). */
export const CreditRpc = {
  products: query(
    'tf.credit.product.list',
    m.ListLoanProductsRequestSchema,
    m.LoanProductListSchema,
  ),
  apply: command(
    'tf.credit.loan-application.submit',
    m.ApplyForLoanRequestSchema,
    m.LoanApplicationSchema,
  ),
  application: query(
    'tf.credit.loan-application.get',
    m.GetLoanApplicationRequestSchema,
    m.LoanApplicationSchema,
  ),
  get: query('tf.credit.loan.get', m.GetLoanRequestSchema, m.LoanSchema),
  list: query('tf.credit.loan.list', m.ListLoansRequestSchema, m.LoanListSchema),
  disburse: command('tf.credit.loan.disburse', m.DisburseLoanRequestSchema, m.LoanSchema),
  schedule: query('tf.credit.schedule.get', m.GetScheduleRequestSchema, m.ScheduleSchema),
  repay: command('tf.credit.loan.repay', m.RepayLoanRequestSchema, m.RepaymentSchema),
  // A run judges the whole book in one transaction: 100,000 loans take tens of seconds.
  classify: slow(
    command(
      'tf.credit.classification.run',
      m.ClassificationRunRequestSchema,
      m.ClassificationRunSchema,
    ),
    300_000,
  ),
  pledgedAssets: query(
    'tf.credit.collateral.pledged',
    m.PledgedAssetsRequestSchema,
    m.PledgedAssetsResponseSchema,
  ),
  portfolio: query('tf.credit.portfolio.get', m.GetPortfolioRequestSchema, m.PortfolioSchema),
  getPolicy: query('tf.credit.policy.get', GetPolicyRequestSchema, m.CreditPolicySchema),
  updatePolicy: command(
    'tf.credit.policy.update',
    m.UpdateCreditPolicyRequestSchema,
    m.CreditPolicySchema,
  ),
} as const;

/** What the credit service announces as a loan moves (guarantee follows its guaranteed loans by these). */
export const CreditEvents = {
  loanApproved: event('credit', 'loan-approved', m.LoanApprovedSchema),
  loanDisbursed: event('credit', 'loan-disbursed', m.LoanDisbursedSchema),
  loanRepaid: event('credit', 'loan-repaid', m.LoanRepaidSchema),
  loanClosed: event('credit', 'loan-closed', m.LoanClosedSchema),
  loanDefaulted: event('credit', 'loan-defaulted', m.LoanDefaultedSchema),
  loanRecovered: event('credit', 'loan-recovered', m.LoanRecoveredSchema),
  bookClassified: event('credit', 'book-classified', m.BookClassifiedSchema),
} as const;

/** The credit section of a center's policy: LPR, penalty, LTV caps, classes, products. */
export const CreditPolicySection = policySection(
  'credit',
  CreditRpc.getPolicy,
  CreditRpc.updatePolicy,
);
