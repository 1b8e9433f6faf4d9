import { domainService } from '@tf/platform';
import { TenancyConfig } from './config';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { ApiKeysHandlers } from './api-keys/api-keys.handlers';
import { ApiKeysService } from './api-keys/api-keys.service';
import { EnterpriseEntity } from './enterprises/enterprise.entity';
import { EnterprisesHandlers } from './enterprises/enterprises.handlers';
import { EnterprisesService } from './enterprises/enterprises.service';
import { PartnerEntity } from './partners/partner.entity';
import { PartnersHandlers } from './partners/partners.handlers';
import { PartnersService } from './partners/partners.service';
import { SessionsHandlers } from './sessions/sessions.handlers';
import { SessionsService } from './sessions/sessions.service';
import { TenantEntity } from './tenants/tenant.entity';
import { TenantsHandlers } from './tenants/tenants.handlers';
import { TenantsService } from './tenants/tenants.service';
import { UserEntity } from './users/user.entity';
import { UsersHandlers } from './users/users.handlers';
import { UsersService } from './users/users.service';
import { migrations } from './migrations';
import { CenterStatsEntity, StatsMemberEntity } from './stats/center-stats.entity';
import { StatsHandlers } from './stats/stats.handlers';
import { StatsService } from './stats/stats.service';

/**
 * Centers, partners and their API keys, staff users and their sessions, enterprises, and each
 * center's headline figures (a read model of the other services' events).
 */
export const service = domainService({
  config: TenancyConfig,
  entities: [
    TenantEntity,
    PartnerEntity,
    ApiKeyEntity,
    UserEntity,
    EnterpriseEntity,
    CenterStatsEntity,
    StatsMemberEntity,
  ],
  migrations,
  handlers: [
    TenantsHandlers,
    PartnersHandlers,
    ApiKeysHandlers,
    UsersHandlers,
    SessionsHandlers,
    EnterprisesHandlers,
    StatsHandlers,
  ],
  providers: [
    TenantsService,
    PartnersService,
    ApiKeysService,
    UsersService,
    SessionsService,
    EnterprisesService,
    StatsService,
  ],
});
