import { domainService } from '@tf/platform';
import { GuaranteeEntity } from './guarantees/guarantee.entity';
import { GuaranteesHandlers } from './guarantees/guarantees.handlers';
import { GuaranteesService } from './guarantees/guarantees.service';
import { GuaranteeConfig } from './config';
import { migrations } from './migrations';

/** 保: the center&#39;s guarantee institution guarantees SMEs&#39; bank loans within its legal limits, sharing the risk 4-3-2-1 */
export const service = domainService({
  config: GuaranteeConfig,
  entities: [GuaranteeEntity],
  migrations,
  handlers: [GuaranteesHandlers],
  providers: [GuaranteesService],
});
