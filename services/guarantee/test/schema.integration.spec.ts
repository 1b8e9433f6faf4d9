import { GUARANTEE_STATUSES } from '@tf/contracts';
import { describeSchemaVocabulary } from '@tf/testing';
import { migrations } from '../src/migrations';

describeSchemaVocabulary('guarantee', migrations, [
  ['guarantee.guarantees', 'status', GUARANTEE_STATUSES],
]);
