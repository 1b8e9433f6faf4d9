import { PARTNER_KINDS, ROLES } from '@tf/contracts';
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
describe('the tenancy schema allows what the vocabulary declares', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await migratedTestDatabase('tenancy', migrations);
  });

  afterAll(async () => {
    await dropTestDatabase(db);
  });

  it.each([
    ['tenancy.partners', 'kind', PARTNER_KINDS],
    ['tenancy.users', 'roles', ROLES],
  ])('%s.%s', async (table, column, vocabulary) => {
    expect((await checkedValues(db.url, table, column))?.sort()).toEqual([...vocabulary].sort());
  });
});
