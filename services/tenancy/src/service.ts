import { defineService } from '@tf/platform';
import { AppModule } from './app.module';
import { TenancyConfig } from './config';

export const service = defineService({
  name: 'tenancy',
  config: TenancyConfig,
  module: (config) => AppModule.forRoot(config),
});
