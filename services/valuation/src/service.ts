import { defineService } from '@tf/platform';
import { AppModule } from './app.module';
import { ValuationConfig } from './config';

export const service = defineService({
  name: 'valuation',
  config: ValuationConfig,
  module: (config) => AppModule.forRoot(config),
});
