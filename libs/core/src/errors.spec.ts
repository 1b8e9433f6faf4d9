import { CommonErrors, defineErrors, DomainError, invalidFields, notFound } from './errors';

describe('declared errors', () => {
  const Probe = defineErrors({
    LEVERAGE_LIMIT: { status: 422 },
    SINGLE_CLIENT_LIMIT: { status: 422, type: 'single-client-limit', title: 'Single-client limit' },
  });

  it('take their problem type from the code unless declared, and keep status and title', () => {
    expect(Probe.LEVERAGE_LIMIT).toEqual({
      code: 'LEVERAGE_LIMIT',
      status: 422,
      type: 'leverage-limit',
      title: undefined,
    });
    expect(Probe.SINGLE_CLIENT_LIMIT.title).toBe('Single-client limit');
  });

  it('refuse a code that is not UPPER_SNAKE', () => {
    expect(() => defineErrors({ 'leverage-limit': { status: 422 } })).toThrow(
      'error code leverage-limit is not UPPER_SNAKE',
    );
  });

  it('give a thrown error the declaration, not a status chosen at the throw site', () => {
    const error = new DomainError(Probe.LEVERAGE_LIMIT, 'over 10x');
    expect([error.code, error.status, error.type, error.detail]).toEqual([
      'LEVERAGE_LIMIT',
      422,
      'leverage-limit',
      'over 10x',
    ]);
    // @ts-expect-error an undeclared code does not exist on the table: a type error
    expect(Probe.NOT_DECLARED).toBeUndefined();
  });

  it('build the usual shapes with their fields', () => {
    expect(
      invalidFields([
        { field: 'a', message: 'is wrong' },
        { field: 'b', message: 'is missing' },
      ]).detail,
    ).toBe('a is wrong; b is missing');
    const missing = notFound(CommonErrors.TENANT_NOT_FOUND, 'tenant atlantis', {
      field: 'X-Tenant-Id',
      message: 'is not a center',
    });
    expect([missing.status, missing.detail, missing.options.fields]).toEqual([
      404,
      'tenant atlantis was not found',
      [{ field: 'X-Tenant-Id', message: 'is not a center' }],
    ]);
  });
});
