import { PARTNER_KINDS, ROLES } from '@tf/contracts';
import { describeSchemaVocabulary } from '@tf/testing';
import { migrations } from '../src/migrations';

describeSchemaVocabulary('tenancy', migrations, [
  ['tenancy.partners', 'kind', PARTNER_KINDS],
  ['tenancy.users', 'roles', ROLES],
]);
