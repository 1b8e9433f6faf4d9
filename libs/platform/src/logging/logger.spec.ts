import { QueryFailedError } from 'typeorm';
import { serializeError } from './logger';

describe('error logging', () => {
  it("keeps a failed query's message and SQL but never its parameters", () => {
    const error = new QueryFailedError(
      'INSERT INTO t (secret) VALUES ($1)',
      ['s3cr3t-hash'],
      new Error('permission denied for table t'),
    );
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain('permission denied for table t');
    expect(logged).toContain('INSERT INTO t');
    expect(logged).not.toContain('s3cr3t-hash');
  });
});
