import { domainService } from '@tf/platform';
import { FundEntity } from './funds/fund.entity';
import { FundsHandlers } from './funds/funds.handlers';
import { FundsService } from './funds/funds.service';
import { InvestmentConfig } from './config';
import { migrations } from './migrations';

/** 投: the center&#39;s venture fund, its deal pipeline, portfolio and returns */
export const service = domainService({
  config: InvestmentConfig,
  entities: [FundEntity],
  migrations,
  handlers: [FundsHandlers],
  providers: [FundsService],
});
