import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@tf/platform';
import { ComparableEntity } from './comparables/comparable.entity';
import { ComparablesService } from './comparables/comparables.service';
import type { ValuationConfig } from './config';
import { ExpirySweep } from './expiry/expiry-sweep';
import { PledgeValuesController } from './pledge-values/pledge-values.controller';
import { PledgeValuesService } from './pledge-values/pledge-values.service';
import { ReportController } from './report/report.controller';
import { ReportService } from './report/report.service';
import { ValuationAssetEntity, ValuationEntity } from './valuations/valuation.entity';
import { ValuationsController } from './valuations/valuations.controller';
import { ValuationsService } from './valuations/valuations.service';
import { VALUATION_POLICY } from './valuations/valuation-policy';
import { migrations } from './migrations';
/** 评: appraises patents and other IP for pledge, transfer, investment or reporting. */
@Module({})
export class AppModule {
  static forRoot(config: ValuationConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          config,
          schema: 'valuation',
          entities: [ValuationEntity, ValuationAssetEntity, ComparableEntity],
          migrations,
          policy: VALUATION_POLICY,
        }),
      ],
      controllers: [ValuationsController, PledgeValuesController, ReportController],
      providers: [
        ValuationsService,
        PledgeValuesService,
        ComparablesService,
        ReportService,
        ExpirySweep,
      ],
    };
  }
}
