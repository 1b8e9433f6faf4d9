import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@tf/platform';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import type { TenancyConfig } from './config';
import { EnterpriseEntity } from './enterprises/enterprise.entity';
import { EnterprisesController } from './enterprises/enterprises.controller';
import { EnterprisesService } from './enterprises/enterprises.service';
import { PartnerEntity } from './partners/partner.entity';
import { PartnersController } from './partners/partners.controller';
import { PartnersService } from './partners/partners.service';
import { SessionsController } from './sessions/sessions.controller';
import { SessionsService } from './sessions/sessions.service';
import { TenantEntity } from './tenants/tenant.entity';
import { TenantsController } from './tenants/tenants.controller';
import { TenantsService } from './tenants/tenants.service';
import { UserEntity } from './users/user.entity';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { migrations } from './migrations';
/** Tenants and their policy, partners, API keys, staff users and enterprises. */
@Module({})
export class AppModule {
  static forRoot(config: TenancyConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          config,
          schema: 'tenancy',
          entities: [TenantEntity, PartnerEntity, ApiKeyEntity, UserEntity, EnterpriseEntity],
          migrations,
        }),
      ],
      controllers: [
        TenantsController,
        PartnersController,
        ApiKeysController,
        UsersController,
        SessionsController,
        EnterprisesController,
      ],
      providers: [
        TenantsService,
        PartnersService,
        ApiKeysService,
        UsersService,
        SessionsService,
        EnterprisesService,
      ],
    };
  }
}
