import { domainService } from '@tf/platform';
import { ClaimEntity, RecoveryEntity } from './claims/claim.entity';
import { GuaranteeConfig } from './config';
import { GuaranteeEntity } from './guarantees/guarantee.entity';
import { GUARANTEE_POLICY } from './guarantees/guarantee-policy';
import { GuaranteesHandlers } from './guarantees/guarantees.handlers';
import { GuaranteesService } from './guarantees/guarantees.service';
import { InstitutionEntity } from './institutions/institution.entity';
import { InstitutionsHandlers } from './institutions/institutions.handlers';
import { InstitutionsService } from './institutions/institutions.service';
import { LoanEventsService } from './lifecycle/loan-events.service';
import { migrations } from './migrations';

/** 保: the center's guarantee institution guarantees SMEs' bank loans within its legal limits, sharing the risk 4-3-2-1. */
export const service = domainService({
  config: GuaranteeConfig,
  entities: [InstitutionEntity, GuaranteeEntity, ClaimEntity, RecoveryEntity],
  migrations,
  policy: GUARANTEE_POLICY,
  handlers: [GuaranteesHandlers, InstitutionsHandlers],
  providers: [GuaranteesService, InstitutionsService, LoanEventsService],
});
