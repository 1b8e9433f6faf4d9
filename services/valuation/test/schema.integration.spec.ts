import { ASSET_KINDS, PATENT_TYPES, PURPOSES, VALUATION_STATUSES } from '@tf/contracts';
import { describeSchemaVocabulary } from '@tf/testing';
import { migrations } from '../src/migrations';

describeSchemaVocabulary('valuation', migrations, [
  ['valuation.valuations', 'purpose', PURPOSES],
  ['valuation.valuations', 'status', VALUATION_STATUSES],
  ['valuation.valuation_assets', 'kind', ASSET_KINDS],
  ['valuation.valuation_assets', 'patent_type', PATENT_TYPES],
  ['valuation.comparables', 'patent_type', PATENT_TYPES],
]);
