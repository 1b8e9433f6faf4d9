import { defineService } from '@tf/platform';
import { AppModule } from './app.module';
import { GatewayConfig } from './config';
import { gatewayHttp } from './http/configure-http';

export const service = defineService({
  name: 'gateway',
  config: GatewayConfig,
  module: (config) => AppModule.forRoot(config),
  http: gatewayHttp,
});
