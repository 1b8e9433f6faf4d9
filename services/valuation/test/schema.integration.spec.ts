import { ASSET_KINDS, PATENT_TYPES, PURPOSES, VALUATION_STATUSES } from '@tf/contracts';
import {
  checkedValues,
  dropTestDatabase,
  migratedTestDatabase,
  type TestDatabase,
} from '@tf/testing';
import { migrations } from '../src/migrations';

/*
 * The vocabulary is stated once, in @tf/contracts; the migrations that have run are history and
 * state it in SQL. Here the database's CHECKs are held to the vocabulary: a value added to it
 * without a migration that lets it in fails this test, not a partner's request.
 */
describe('the valuation schema allows what the vocabulary declares', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await migratedTestDatabase('valuation', migrations);
  });

  afterAll(async () => {
    await dropTestDatabase(db);
  });

  it.each([
    ['valuation.valuations', 'purpose', PURPOSES],
    ['valuation.valuations', 'status', VALUATION_STATUSES],
    ['valuation.valuation_assets', 'kind', ASSET_KINDS],
    ['valuation.valuation_assets', 'patent_type', PATENT_TYPES],
    ['valuation.comparables', 'patent_type', PATENT_TYPES],
  ])('%s.%s', async (table, column, vocabulary) => {
    expect((await checkedValues(db.url, table, column))?.sort()).toEqual([...vocabulary].sort());
  });
});
