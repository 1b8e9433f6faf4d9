import { domainService } from '@tf/platform';
import { ComparableEntity } from './comparables/comparable.entity';
import { ComparablesService } from './comparables/comparables.service';
import { ValuationConfig } from './config';
import { ExpirySweep } from './expiry/expiry-sweep';
import { migrations } from './migrations';
import { PledgeValuesHandlers } from './pledge-values/pledge-values.handlers';
import { PledgeValuesService } from './pledge-values/pledge-values.service';
import { ReportHandlers } from './report/report.handlers';
import { ReportRenderer } from './report/report-renderer';
import { ReportService } from './report/report.service';
import { ValuationAssetEntity, ValuationEntity } from './valuations/valuation.entity';
import { VALUATION_POLICY } from './valuations/valuation-policy';
import { ValuationsHandlers } from './valuations/valuations.handlers';
import { ValuationsService } from './valuations/valuations.service';

/** 评: appraises patents and other IP for pledge, transfer, investment or reporting. */
export const service = domainService({
  config: ValuationConfig,
  entities: [ValuationEntity, ValuationAssetEntity, ComparableEntity],
  migrations,
  policy: VALUATION_POLICY,
  handlers: [ValuationsHandlers, PledgeValuesHandlers, ReportHandlers],
  providers: [
    ValuationsService,
    PledgeValuesService,
    ComparablesService,
    ReportService,
    ReportRenderer,
    ExpirySweep,
  ],
});
