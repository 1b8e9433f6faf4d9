import { GetPolicyRequestSchema } from './gen/tf/common/v1/envelope_pb';
import * as m from './gen/tf/investment/v1/investment_pb';
import { command, event, policySection, query } from './contract';

/** The investment service's operations (API.md "Investment"). */
export const InvestmentRpc = {
  createFund: command('tf.investment.fund.create', m.CreateFundRequestSchema, m.FundSchema),
  getFund: query('tf.investment.fund.get', m.GetFundRequestSchema, m.FundSchema),
  listFunds: query('tf.investment.fund.list', m.ListFundsRequestSchema, m.FundListSchema),
  addLimitedPartner: command(
    'tf.investment.limited-partner.add',
    m.AddLimitedPartnerRequestSchema,
    m.LimitedPartnerSchema,
  ),
  limitedPartners: query(
    'tf.investment.limited-partner.list',
    m.ListLimitedPartnersRequestSchema,
    m.LimitedPartnerListSchema,
  ),
  recordFlow: command(
    'tf.investment.fund-flow.record',
    m.RecordFundFlowRequestSchema,
    m.FundFlowSchema,
  ),
  metrics: query('tf.investment.fund.metrics', m.FundMetricsRequestSchema, m.FundMetricsSchema),
  createDeal: command('tf.investment.deal.create', m.CreateDealRequestSchema, m.DealSchema),
  getDeal: query('tf.investment.deal.get', m.GetDealRequestSchema, m.DealSchema),
  listDeals: query('tf.investment.deal.list', m.ListDealsRequestSchema, m.DealListSchema),
  moveDeal: command('tf.investment.deal.move', m.MoveDealRequestSchema, m.DealSchema),
  vote: command('tf.investment.deal.vote', m.VoteOnDealRequestSchema, m.DealSchema),
  closeDeal: command('tf.investment.deal.close', m.CloseDealRequestSchema, m.InvestmentSchema),
  getInvestment: query(
    'tf.investment.investment.get',
    m.GetInvestmentRequestSchema,
    m.InvestmentSchema,
  ),
  listInvestments: query(
    'tf.investment.investment.list',
    m.ListInvestmentsRequestSchema,
    m.InvestmentListSchema,
  ),
  followOn: command(
    'tf.investment.investment.follow-on',
    m.FollowOnRequestSchema,
    m.InvestmentSchema,
  ),
  mark: command('tf.investment.investment.mark', m.MarkInvestmentRequestSchema, m.InvestmentSchema),
  exit: command('tf.investment.investment.exit', m.ExitInvestmentRequestSchema, m.InvestmentSchema),
  getPolicy: query('tf.investment.policy.get', GetPolicyRequestSchema, m.InvestmentPolicySchema),
  updatePolicy: command(
    'tf.investment.policy.update',
    m.UpdateInvestmentPolicyRequestSchema,
    m.InvestmentPolicySchema,
  ),
} as const;

/** What the investment service announces; credit reads investment-closed for linked loans. */
export const InvestmentEvents = {
  dealStageChanged: event('investment', 'deal-stage-changed', m.DealStageChangedSchema),
  investmentClosed: event('investment', 'investment-closed', m.InvestmentClosedSchema),
  investmentMarked: event('investment', 'investment-marked', m.InvestmentMarkedSchema),
  investmentExited: event('investment', 'investment-exited', m.InvestmentExitedSchema),
} as const;

/** The investment section of a center's policy: the committee's quorum and majority, fees. */
export const InvestmentPolicySection = policySection(
  'investment',
  InvestmentRpc.getPolicy,
  InvestmentRpc.updatePolicy,
);
