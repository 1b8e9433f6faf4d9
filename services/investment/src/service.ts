import { domainService } from '@tf/platform';
import { InvestmentConfig } from './config';
import { CommitteeVoteEntity, DealEntity, StageMoveEntity } from './deals/deal.entity';
import { DealsHandlers } from './deals/deals.handlers';
import { DealsService } from './deals/deals.service';
import { FlowsService } from './funds/flows.service';
import {
  FundEntity,
  FundFlowEntity,
  FundFlowShareEntity,
  LimitedPartnerEntity,
} from './funds/fund.entity';
import { FlowsHandlers, FundsHandlers, MetricsHandlers } from './funds/funds.handlers';
import { FundsService } from './funds/funds.service';
import { INVESTMENT_POLICY } from './funds/investment-policy';
import { MetricsService } from './funds/metrics.service';
import {
  InvestmentEntity,
  InvestmentEntryEntity,
  LinkedLoanEntity,
} from './investments/investment.entity';
import { LoanEventsService } from './investments/loan-events.service';
import { InvestmentsHandlers } from './investments/investments.handlers';
import { InvestmentsService } from './investments/investments.service';
import { migrations } from './migrations';

/** 投: the center's venture fund, its deal pipeline, portfolio and returns. */
export const service = domainService({
  config: InvestmentConfig,
  entities: [
    FundEntity,
    LimitedPartnerEntity,
    FundFlowEntity,
    FundFlowShareEntity,
    DealEntity,
    StageMoveEntity,
    CommitteeVoteEntity,
    InvestmentEntity,
    InvestmentEntryEntity,
    LinkedLoanEntity,
  ],
  migrations,
  policy: INVESTMENT_POLICY,
  handlers: [FundsHandlers, FlowsHandlers, MetricsHandlers, DealsHandlers, InvestmentsHandlers],
  providers: [
    FundsService,
    FlowsService,
    MetricsService,
    DealsService,
    InvestmentsService,
    LoanEventsService,
  ],
});
